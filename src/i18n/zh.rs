//! 简体中文 texts (Simplified Chinese).

use super::Msg;

/// The Chinese text of `msg`.
// A lookup table, one arm per message: splitting it would only scatter the catalogue.
#[allow(clippy::too_many_lines)]
pub(super) fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::ColProcess => "程序",
        Msg::ColPid => "PID",
        Msg::ColProtocol => "协议",
        Msg::ColLocalAddress => "本地地址",
        Msg::ColLocalPort => "本地端口",
        Msg::ColPortClass => "端口类别",
        Msg::ColRemoteAddress => "远程地址",
        Msg::ColRemotePort => "远程端口",
        Msg::ColState => "状态",
        Msg::ColUser => "用户",
        Msg::ColPath => "路径",
        Msg::ColSent => "已发送",
        Msg::ColReceived => "已接收",
        Msg::ColRate => "速率 ↑ ↓",
        Msg::TrafficTitle => "流量",
        Msg::TrafficNoneUdp => "无统计：UDP 没有按连接的计数",
        Msg::TrafficNoneHere => "此套接字无统计（系统未提供计数）",
        Msg::TrafficNeedsAdmin => "需要管理员权限：Windows 只为管理员统计连接的字节数",
        Msg::TrafficProgram => "此程序",
        Msg::TrafficProgramTotal => "共 {2} 个连接，已发送 {0}，已接收 {1}",
        Msg::TrafficGraphTitle => "选中以来：",
        Msg::TrafficGraphWaiting => "等待下一次刷新…",
        Msg::TrafficGraphQuiet => "选中以来没有收发数据",
        Msg::TrafficGraphPeak => "最高：{0}",
        Msg::ClassWellKnown => "公认端口",
        Msg::ClassRegistered => "注册端口",
        Msg::ClassDynamic => "动态端口",
        Msg::SearchHint => "程序、端口、地址、用户……（Ctrl+F）",
        Msg::SearchLabel => "🔍 搜索",
        Msg::FilterAll => "全部",
        Msg::FilterListening => "监听中",
        Msg::FilterEstablished => "已连接",
        Msg::FilterTcp => "TCP",
        Msg::FilterUdp => "UDP",
        Msg::FilterBothProtocols => "TCP + UDP",
        Msg::HideLoopback => "隐藏仅本机可访问的",
        Msg::HideLoopbackTip => "隐藏 127.0.0.1 / ::1 上其他电脑无法访问的套接字",
        Msg::Pause => "⏸ 暂停",
        Msg::Resume => "▶ 继续",
        Msg::PauseTip => "停止或恢复实时刷新（Space）",
        Msg::RefreshNow => "⟳ 刷新",
        Msg::RefreshTip => "立即重新读取所有端口（F5）",
        Msg::IntervalLabel => "刷新间隔",
        Msg::IntervalTip => "多久重新读取一次列表",
        Msg::Export => "💾 导出…",
        Msg::ExportTip => "把当前看到的内容保存为 CSV、JSON 或 HTML 报告",
        Msg::StatusTotals => "{0} 个套接字 · {1} 个监听 · {2} 个已连接",
        Msg::StatusShown => "显示 {0} 个",
        Msg::StatusUpdated => "更新于 {0}",
        Msg::StatusPaused => "已暂停",
        Msg::StatusWaiting => "正在读取端口……",
        Msg::StatusNoAdmin => "未以管理员身份运行",
        Msg::WarnOwnersHidden => {
            "有 {0} 个套接字的所属程序被隐藏：请以管理员身份（sudo）运行以查看。"
        }
        Msg::WarnForeignProc => {
            "PortScope 读取的 /proc 属于另一个 PID 命名空间（其中 PortScope 是 PID {0}，在它自己的命名空间里是 PID {1}）：显示的程序和 PID 属于那个命名空间；位于 PortScope 自身命名空间之外的程序，PortScope 会拒绝结束。"
        }
        Msg::WarnSocketsUnavailable => "无法列出套接字：{0}",
        Msg::WarnProcessTableUnavailable => "无法读取进程列表，因此不知道所属程序：{0}",
        Msg::DetailsTitle => "详情",
        Msg::DetailsNothingSelected => "选中一行，查看是哪个程序打开了这个端口、程序放在哪里。",
        Msg::DetailsProgram => "程序",
        Msg::DetailsCommandLine => "命令行",
        Msg::DetailsStarted => "启动时间",
        Msg::DetailsParent => "父进程 PID",
        Msg::DetailsOwners => "全部所属进程（PID）",
        Msg::DetailsSocket => "套接字",
        Msg::DetailsOwnerElsewhere => {
            "本机的进程列表里没有程序持有它。它可能属于某个容器（另一个进程命名空间），或者属于内核本身。"
        }
        Msg::DetailsOwnerHidden => "所属程序被隐藏：PortScope 需要管理员权限才能看到。",
        Msg::DetailsUnknown => "未知",
        Msg::DetailsNoPeer => "无（正在等待连接）",
        Msg::MenuEndProgram => "结束程序…",
        Msg::MenuCopyRow => "复制此行",
        Msg::MenuCopyPath => "复制路径",
        Msg::KillTitle => "结束程序？",
        Msg::KillQuestion => "要结束“{0}”（PID {1}）吗？",
        Msg::KillPorts => "它占用了以下端口，结束后这些端口会关闭：",
        Msg::KillCriticalWarning => {
            "⚠ 这是系统或会话程序。结束它可能会让你被注销、断网，甚至让电脑崩溃。"
        }
        Msg::KillConfirm => "结束程序",
        Msg::KillCancel => "取消",
        Msg::KillForce => "强制结束",
        Msg::KillWorking => "正在请求程序关闭……",
        Msg::KillClose => "关闭",
        Msg::KillEnded => "“{0}”（PID {1}）已结束。",
        Msg::KillAlreadyGone => "“{0}”（PID {1}）之前就已经结束了。",
        Msg::KillPermissionDenied => "权限不足：结束“{0}”（PID {1}）需要管理员权限。",
        Msg::KillStillRunning => "已请求“{0}”（PID {1}）关闭，但它仍在运行。你可以强制结束它。",
        Msg::KillPortClosed => "它的端口现已关闭。",
        Msg::KillFailed => "无法结束“{0}”（PID {1}）：{2}",
        Msg::RefuseProtectedPid => "已拒绝：PID {0} 是系统本身，不能结束。",
        Msg::RefuseSelf => "已拒绝：那是 PortScope 自己。",
        Msg::RefuseKernelThread => "已拒绝：PID {0} 属于操作系统内核。",
        Msg::RefusePidReused => {
            "已拒绝：PID {0} 现在属于另一个程序，而不是你看到的那个（PID 被重新使用了）。没有结束任何程序。"
        }
        Msg::RefuseOtherPidNamespace => {
            "已拒绝：PID {0} 属于另一个 PID 命名空间（容器或沙箱），与 PortScope 所在的不同，PortScope 无法确保信号送到你看到的那个程序。什么都没有结束。请在那个命名空间里运行 PortScope 来结束它。"
        }
        Msg::RefuseNoOwner => "这个套接字没有可见的所属程序，所以没有可结束的程序。",
        Msg::ExportTitle => "导出",
        Msg::ExportFormat => "格式",
        Msg::ExportScopeShown => "当前显示的行（{0}）",
        Msg::ExportScopeAll => "全部行（{0}）",
        Msg::ExportPathLabel => "保存到",
        Msg::ExportChoose => "选择…",
        Msg::ExportSave => "保存",
        Msg::ExportSaved => "已将 {0} 行保存到 {1}",
        Msg::ExportFailed => "无法保存到 {0}：{1}",
        Msg::ExportNoDialog => "这里无法打开文件选择窗口，请直接输入路径。",
        Msg::ReportTitle => "PortScope 报告",
        Msg::ReportGenerated => "生成时间",
        Msg::ReportHost => "电脑",
        Msg::ReportVersion => "PortScope 版本",
        Msg::ReportRows => "套接字数",
        Msg::ReportWarnings => "警告",
        Msg::Yes => "是",
        Msg::No => "否",
        Msg::NoRowsMatch => "没有符合搜索和筛选条件的套接字。",
        Msg::Dismiss => "关闭提示",
        Msg::TrustReadFailed => {
            "无法读取信任列表 {0}：{1}。该文件保持原样，重新启动 PortScope 之前对信任的更改不会被保存。"
        }
        Msg::TrustCorrupt => {
            "信任列表 {0} 无法读取（{1}）；它已保留为 {2}，PortScope 以空列表启动。"
        }
        Msg::BaselineReadFailed => {
            "无法读取已知端口基线 {0}：{1}。该文件保持原样，重新启动 PortScope 之前基线不会被保存。"
        }
        Msg::BaselineCorrupt => {
            "已知端口基线 {0} 无法读取（{1}）；它已保留为 {2}，PortScope 以空基线启动。"
        }
        Msg::BaselineSaveFailed => "无法把已知端口基线保存到 {0}：{1}",
        Msg::SettingsReadFailed => "无法读取设置文件 {0}：{1}。将使用默认设置，该文件保持原样。",
        Msg::SettingsCorrupt => "设置文件 {0} 无法读取（{1}）；它已保留为 {2}，将使用默认设置。",
        Msg::SettingsSymlink => {
            "设置文件 {0} 是一个符号链接，PortScope 不会跟随它；该链接已移到 {1}，将使用默认设置。"
        }
        Msg::SettingsSaveFailed => "无法把设置保存到 {0}：{1}",
        Msg::ConfigDirLinked => {
            "PortScope 以管理员身份运行，不使用文件夹 {0}：其路径上的 {1} 是符号链接，其他用户可以让它指向任何地方。"
        }
        Msg::ConfigDirForeign => {
            "PortScope 以管理员身份运行，不使用文件夹 {0}：其路径上的 {1} 属于其他用户，或者其他人可以修改它。"
        }
        Msg::ConfigDirInstead => "设置、信任列表、基线和日志改为保存在 {0}。",
        Msg::ConfigDirNotSaved => {
            "本次不从任何文件夹读取，也不保存到任何文件夹：设置、信任和基线只保留到 PortScope 关闭。"
        }
        Msg::LogFileFailed => "无法打开日志文件 {0}：{1}。警告只显示在终端中。",
        Msg::WindowTitle => "PortScope — 端口及其背后的程序",
        Msg::FormatCsv => "CSV",
        Msg::FormatJson => "JSON",
        Msg::FormatHtml => "HTML 报告",
        Msg::ColRisk => "风险",
        Msg::ColService => "服务",
        Msg::ColExposure => "可访问范围",
        Msg::LevelNone => "无",
        Msg::LevelInfo => "提示",
        Msg::LevelLow => "低",
        Msg::LevelMedium => "中",
        Msg::LevelHigh => "高",
        Msg::ExposureLoopback => "仅本机",
        Msg::ExposureLocalNetwork => "局域网",
        Msg::ExposureAllInterfaces => "所有网络",
        Msg::ScopeLoopback => "本机",
        Msg::ScopePrivate => "私有网络",
        Msg::ScopeShared => "运营商共享网络（运营商级 NAT）",
        Msg::ScopeLinkLocal => "仅本链路",
        Msg::ScopeMulticast => "组播",
        Msg::ScopeDocumentation => "文档或测试用地址段（不是真实主机）",
        Msg::ScopeReserved => "保留地址",
        Msg::ScopePublic => "互联网",
        Msg::DetailsNetwork => "对端网络",
        Msg::DetailsNetworkAs => "AS {0} {1}",
        Msg::FilterFlagged => "⚠ 只看有风险的",
        Msg::FilterFlaggedTip => "只显示风险为低、中或高的套接字",
        Msg::RuleBackdoorTitle => "已知后门端口",
        Msg::RuleBackdoorDetail => {
            "{2} 端口 {1} 是“{0}”后门程序的默认端口，而这个程序并不是通常使用该端口的程序。正常程序也可能碰巧选中这个端口。"
        }
        Msg::RuleRiskyServiceTitle => "高风险服务对网络开放",
        Msg::RuleRiskyServiceDetail => {
            "{0}（端口 {1}）正在监听，其他电脑可以访问到它。这类服务要么很老旧、要么不加密，或者不用密码就能进入。"
        }
        Msg::RuleAllInterfacesTitle => "可从网络访问",
        Msg::RuleAllInterfacesDetail => "它在 {0} 上监听，所以其他电脑也能连接它，而不只是本机。",
        Msg::RuleTempDirTitle => "程序从临时文件夹运行",
        Msg::RuleTempDirDetail => {
            "这个程序从 {0} 运行。正规安装的软件很少从临时或下载文件夹运行，恶意程序却经常这样做。"
        }
        Msg::RuleDeletedTitle => "程序文件已被删除",
        Msg::RuleDeletedDetail => {
            "这个程序的文件（{0}）在它启动后被删除了。软件更新可能造成这种情况，恶意程序抹除痕迹也会这样。"
        }
        Msg::RuleSpoofingTitle => "名字冒充系统程序",
        Msg::RuleSpoofingDetailChars => {
            "程序名里含有隐藏的控制字符或文字方向字符（{0}），这是用来伪装身份的伎俩。"
        }
        Msg::RuleSpoofingDetailPath => "它叫“{0}”，和系统程序同名，却从系统文件夹之外的 {1} 运行。",
        Msg::RuleUnexpectedOwnerTitle => "这个端口的程序不常见",
        Msg::RuleUnexpectedOwnerDetail => {
            "{0} 的端口通常由 {1} 打开，这里却是“{2}”。这往往无害（另一个程序提供同样的服务）。"
        }
        Msg::RuleOwnerUnknownTitle => "看不到所属程序",
        Msg::RuleOwnerUnknownDetail => {
            "本机的进程列表里没有程序持有这个套接字（套接字用户：{0}）。它可能属于某个容器（另一个进程命名空间）或内核。"
        }
        Msg::AdviceBackdoor => {
            "你可以这样做：如果不认识这个程序，就结束它并封锁该端口，然后用杀毒软件扫描电脑。"
        }
        Msg::AdviceRiskyService => {
            "你可以这样做：如果用不到，就停止这项服务或结束程序；否则在防火墙中封锁该端口，或让它只监听 127.0.0.1。"
        }
        Msg::AdviceAllInterfaces => {
            "你可以这样做：如果本来就要让别的电脑使用它，无需处理；否则封锁该端口，或设置程序只在本机监听。"
        }
        Msg::AdviceTempDir => "你可以这样做：如果不是你刚刚自己运行的，就结束程序并扫描电脑。",
        Msg::AdviceDeleted => {
            "你可以这样做：如果刚刚做过更新，重启这个程序即可；否则结束它并扫描电脑。"
        }
        Msg::AdviceSpoofing => {
            "你可以这样做：结束程序并扫描电脑；真正的系统程序都放在系统文件夹里。"
        }
        Msg::AdviceUnexpectedOwner => "你可以这样做：确认这个程序是你安装的；如果不是，就结束它。",
        Msg::AdviceOwnerUnknown => {
            "你可以这样做：检查你的容器和虚拟机；如果都没有用这个端口，就需要进一步调查。"
        }
        Msg::DetailsService => "服务",
        Msg::DetailsAbout => "这是什么？",
        Msg::DetailsFindings => "为什么被标记",
        Msg::DetailsNoFindings => "没有发现异常。",
        Msg::DetailsExposure => "可访问范围",
        Msg::TrustMark => "✔ 标记为信任",
        Msg::TrustMarkTip => "对这个程序在这个端口上的发现不再提醒（保存在你的设置文件夹中）",
        Msg::TrustUnmark => "取消信任",
        Msg::TrustedBadge => "✔ 已信任",
        Msg::TrustNoPath => "不知道这个程序的路径，因此无法标记为信任。",
        Msg::TrustSaveFailed => "无法把信任列表保存到 {0}：{1}",
        Msg::FirewallTitle => "在防火墙中封锁这个端口",
        Msg::FirewallNote => {
            "也可以复制一条命令，在有管理员权限的终端中运行（PortScope 不会执行这些命令）。"
        }
        Msg::FirewallCopy => "复制",
        Msg::ExplainNoEntry => "PortScope 没有关于 {0} 端口 {1} 的资料。",
        Msg::ExplainSystemName => "系统服务列表把它叫做“{0}”。",
        Msg::ExplainUsualOwners => "通常由这些程序打开：{0}",
        Msg::ExplainExposedRisk => "对网络开放时的风险：{0}",
        Msg::ExplainBackdoor => "这也是已知的后门端口：{0}（来源：{1}）",
        Msg::ExplainCategory => "类别：{0}",
        Msg::TrustNotSavedNotTrusted => "因此没有标记为信任。",
        Msg::TrustNotSavedStillTrusted => "因此仍然是信任的。",
        Msg::ReportFlaggedTitle => "被标记的套接字及原因",
        Msg::ReportNoFlagged => "没有套接字被标记。提示信息见下表。",
        Msg::MarkNew => "新",
        Msg::MarkChanged => "变化",
        Msg::MarkClosed => "已关闭",
        Msg::ClosedRowNote => "这个套接字已经关闭；它会再显示几秒钟，方便你看清是什么离开了。",
        Msg::ToastNewListener => "新的监听：“{0}” 在 {1} 端口 {2}",
        Msg::ToastFlagged => "{0}风险：“{1}” 在 {2} 端口 {3} — {4}",
        Msg::ToastSummary => "一下子出现了 {0} 个新套接字（其中 {1} 个被标记）。打开事件日志查看。",
        Msg::ToastTip => "点击显示这一行",
        Msg::EventLogButton => "📜 事件日志",
        Msg::EventLogTitle => "事件日志",
        Msg::EventLogCounts => "保留 {0} 条事件 · 已丢弃 {1} 条（先丢最旧的）",
        Msg::EventLogExportCsv => "导出 CSV",
        Msg::EventLogExportJson => "导出 JSON",
        Msg::EventLogFileLabel => "同时把每条事件写入",
        Msg::EventLogFileStart => "开始记录",
        Msg::EventLogFileStop => "停止记录",
        Msg::EventLogFileOn => "正在把每条事件记录到 {0}",
        Msg::EventLogFileFailed => "无法把事件记录到 {0}：{1}",
        Msg::ColTime => "时间",
        Msg::ColEvent => "事件",
        Msg::ColStateChange => "状态",
        Msg::BaselineRemember => "📌 把当前端口记为已知",
        Msg::BaselineRememberTip => "把现在正在监听的端口（程序 + 端口 + 协议）保存为你的基线",
        Msg::BaselineFilter => "只看基线之后新出现的",
        Msg::BaselineFilterTip => "只显示不在已知端口基线中的套接字",
        Msg::BaselineSaved => "已把 {0} 个监听端口记为已知。",
        Msg::StatusSinceStart => "启动以来：{0} 个新增 · {1} 个被标记",
        Msg::StatusFlaggedNow => "⚠ 当前 {0} 个有风险",
        Msg::OwnerHiddenLabel => "已隐藏（需要管理员权限）",
        Msg::RiskPortOnlyTip => {
            "仅根据端口判断：PortScope 看不到程序。以管理员身份重新启动即可同时检查程序。"
        }
        Msg::StateListen => "监听",
        Msg::StateSynSent => "正在连接",
        Msg::StateSynReceived => "收到连接请求",
        Msg::StateEstablished => "已连接",
        Msg::StateFinWait1 => "正在关闭(1)",
        Msg::StateFinWait2 => "正在关闭(2)",
        Msg::StateCloseWait => "等待本机关闭",
        Msg::StateClosing => "双方同时关闭",
        Msg::StateLastAck => "等待最后确认",
        Msg::StateTimeWait => "关闭后等待",
        Msg::StateClosed => "已关闭",
        Msg::ColumnsMenuTitle => "显示哪些列",
        Msg::FirewallOthers => "其他防火墙",
        Msg::FirewallActive => "（本机正在使用）",
        Msg::HelpButton => "❓ 帮助",
        Msg::HelpShortcuts => "键盘快捷键",
        Msg::HelpAbout => "关于 PortScope",
        Msg::AboutTitle => "关于 PortScope",
        Msg::AboutWhat => "显示这台电脑上每个打开的网络端口、背后的程序，以及是否有异常。",
        Msg::AboutLicence => "自由软件，许可证：{0}。",
        Msg::AboutDataTitle => "对方的网络和国家信息来自哪里",
        Msg::AboutDataAsn => {
            "网络运营者（AS 号和名称）：DB-IP（db-ip.com）的 IP to ASN Lite 和 Route Views（routeviews.org）的 IP to AS Number 数据，均为 CC BY 4.0 许可。"
        }
        Msg::AboutDataCountry => {
            "国家：geo-whois-asn-country（CC0），由 Number Resource Organization（nro.net）的统计数据生成，CC BY 4.0 许可。"
        }
        Msg::AboutDataOffline => {
            "这份数据随 PortScope 一起提供，从不联网查询。它由以下软件包生成："
        }
        Msg::HelpShowWelcome => "再次显示入门说明",
        Msg::ShortcutsTitle => "键盘快捷键",
        Msg::ShortcutSearch => "搜索所有列",
        Msg::ShortcutMove => "上下移动选中行",
        Msg::ShortcutEnd => "结束选中的程序（会先询问）",
        Msg::ShortcutConfirm => "确认当前对话框",
        Msg::ShortcutCancel => "取消当前对话框",
        Msg::ShortcutPause => "暂停或继续实时更新",
        Msg::ShortcutRefresh => "立即刷新",
        Msg::ShortcutLog => "显示或隐藏事件日志",
        Msg::ShortcutQuit => "退出 PortScope",
        Msg::ShortcutColumns => "右键点击列标题：选择显示哪些列",
        Msg::CloseButton => "关闭",
        Msg::WelcomeTitle => "欢迎使用 PortScope",
        Msg::WelcomeRows => {
            "每一行是本机某个程序打开的一个网络端口。“监听”表示它在等待其他程序或计算机连接；“已连接”表示它正在与对方通信。"
        }
        Msg::WelcomeRisk => {
            "“风险”一列告诉你哪些值得看一看：ℹ 信息只是说明，● 低、▲ 中、⚠ 高 值得检查。每种颜色都配有文字。"
        }
        Msg::WelcomeChanges => "绿色的行是新出现的，黄色是有变化的，红色（带删除线）是刚刚关闭的。",
        Msg::WelcomeSteps => {
            "查看、判断、关闭：选中一行即可看到是哪个程序以及为何被标记；详情顶部的按钮可以结束程序、关闭连接或显示如何封锁端口。"
        }
        Msg::WelcomeDismiss => "知道了",
        Msg::EventLogOrder => "最新的在最上面；同一次更新中依次为：关闭、变化、打开。",
        Msg::ReportFilter => "筛选条件",
        Msg::ReportFilterNone => "全部套接字，未筛选",
        Msg::ReportFilterSearch => "搜索“{0}”",
        Msg::BannerOwnersHidden => {
            "由于 PortScope 没有以管理员身份运行，{0} 个套接字的所有者被隐藏。"
        }
        Msg::RestartAsAdmin => "以管理员身份重新启动",
        Msg::RestartAsAdminTip => "以管理员权限重新打开 PortScope（会询问密码），并关闭此窗口。",
        Msg::OpenReport => "打开报告",
        Msg::OpenFolder => "打开文件夹",
        Msg::OpenFailed => "无法打开 {0}：{1}",
        Msg::SettingsNoNotifications => "没有通知服务响应：此处无法显示桌面通知。",
        Msg::ThemeLabel => "主题",
        Msg::ThemeSystem => "跟随系统",
        Msg::ThemeLight => "浅色",
        Msg::ThemeDark => "深色",
        Msg::SettingsButton => "⚙ 设置",
        Msg::SettingsHighlight => "高亮变化（新增为绿色，变化为黄色，关闭为红色）",
        Msg::SettingsHighlightSeconds => "高亮持续时间（秒）",
        Msg::SettingsAlertListeners => "出现新的监听端口时提醒我",
        Msg::SettingsAlertFlagged => "出现新的有风险套接字（中或高）时提醒我",
        Msg::SettingsDesktop => "同时发送桌面通知",
        Msg::SettingsDesktopListeners => "新的监听端口也发送桌面通知",
        Msg::NotifyTitle => "PortScope 提醒",
        Msg::EmptyValue => "—",
        Msg::CliNoSuchPid => "没有 PID 为 {0} 的运行中进程。",
        Msg::CliNoOwner => "没有程序占用 {0} 端口 {1}。",
        Msg::CliOpenNoHolder => {
            "{0} 端口 {1} 已打开，但没有任何程序占用它（这个套接字可能正夹在程序之间传递的消息里，或由内核保留），所以没有可结束的程序。"
        }
        Msg::CliOwnerHidden => {
            "{0} 端口 {1} 已打开，但所属程序被隐藏：请以管理员身份（sudo）运行才能结束它。"
        }
        Msg::CliManyHolders => "{0} 端口 {1} 被 {2} 个进程占用；它们都将被结束：",
        Msg::CliHolderLine => "  “{0}”（PID {1}，{2}）",
        Msg::CliPrompt => "要结束“{0}”（PID {1}，{2}）吗？",
        Msg::CliHoldsPorts => "它占用：{0}",
        Msg::CliConfirm => "输入 y 结束它，输入其他内容取消： ",
        Msg::CliCancelled => "已取消，没有结束任何程序。",
        Msg::CliPortStillOpen => "{0} 端口 {1} 仍然打开着（可能有其他程序占用它）。",
        Msg::CliPortClosed => "{0} 端口 {1} 现已关闭。",
        Msg::CloseNeedsAdmin => "关闭单个连接需要管理员权限（请用 sudo 运行）。",
        Msg::CloseUnsupported => "此系统无法关闭单个连接。",
        Msg::CloseIpv6Unsupported => "此系统只能关闭 IPv4 连接，不能关闭 IPv6 连接。",
        Msg::CloseNotFound => "该连接已不存在（可能已经关闭）。",
        Msg::CliCloseNoConnection => "没有从 {0} 到 {1} 的已建立 TCP 连接。",
        Msg::CliClosePrompt => "要关闭“{2}”（PID {3}）的连接 {0} → {1} 吗？程序会继续运行。",
        Msg::CliCloseConfirm => "输入 y 关闭它，输入其他内容取消： ",
        Msg::CliCloseCancelled => "已取消，连接仍然打开着。",
        Msg::CliCloseDone => "已关闭连接 {0} → {1}；程序会继续运行。",
        Msg::CliCloseStillOpen => "连接 {0} → {1} 仍然打开着。",
        Msg::DetailsNothingUnusual => "没有发现异常。",
        Msg::ActionCloseConnection => "关闭连接",
        Msg::ActionBlockPort => "封锁端口…",
        Msg::TipEndProgram => "请求该程序关闭；PortScope 会先确认它仍是同一个程序。",
        Msg::TipEndClosed => "这个套接字已经关闭，没有需要结束的程序。",
        Msg::TipEndHidden => {
            "由于 PortScope 没有以管理员身份运行，所有者被隐藏。请以管理员身份重新启动后再结束它。"
        }
        Msg::TipEndNoOwner => "PortScope 看不到拥有这个套接字的程序（它可能属于容器或内核）。",
        Msg::TipEndProtected => {
            "PortScope 从不结束这个进程（它是系统的第一个进程或 PortScope 本身）。"
        }
        Msg::TipCloseConnection => "只断开这一个连接，程序会继续运行。",
        Msg::TipBlockPort => "用防火墙阻止此端口（限时或永久），或复制相应命令。",
        Msg::DetailsShowAll => "显示全部",
        Msg::DetailsShowLess => "收起",
        Msg::CloseDialogTitle => "要关闭这个连接吗？",
        Msg::CloseDialogBody => {
            "要关闭“{2}”（PID {3}）的连接 {0} → {1} 吗？程序会继续运行，它会看到连接被重置。"
        }
        Msg::CloseDialogConfirm => "关闭连接",
        Msg::ServiceBackdoor => "{0} 木马端口",
        Msg::RuleUpdatedTitle => "程序在运行后已更新",
        Msg::RuleUpdatedDetail => {
            "启动这个程序的文件（{0}）已被新文件替换，就像软件包更新时那样。正在运行的仍是旧版本。"
        }
        Msg::AdviceUpdated => "重新启动该程序即可使用新版本；仅凭这一点并不说明是恶意软件。",
        Msg::UnknownProgram => "未知程序",
        Msg::CliUseForce => "加上 --force 再运行一次即可立即结束它。",
        Msg::CliCriticalWarning => "警告：这是系统或会话程序；结束它可能会让你被注销或破坏系统。",
        Msg::RestartElevatedFailed => {
            "无法以管理员权限重新启动 PortScope（{0}）。你可以自己这样启动它：{1}"
        }
        // --- issue 16: provenance ---
        Msg::RuleModifiedTitle => "程序与其软件包安装的文件不同",
        Msg::RuleModifiedDetail => {
            "正在运行的程序（{0}）属于软件包 {1}，但它不是该软件包安装的那个文件：软件包记录的校验值是 {2}，正在运行的映像是 {3}。安装之后有东西改动了它。"
        }
        Msg::AdviceModified => {
            "除非是你自己改的，请结束该程序并重新安装软件包以恢复原始文件，然后查明是谁改动了它。"
        }
        Msg::ColOrigin => "来源",
        Msg::OriginVerified => "{0} ✔",
        Msg::OriginModified => "{0} ✖ 已被改动",
        Msg::OriginChecking => "{0}（检查中…）",
        Msg::OriginNoPackage => "不来自软件包",
        Msg::OriginLookingUp => "检查中…",
        Msg::OriginUnknown => "未知",
        Msg::DetailsOriginHeading => "来源",
        Msg::DetailsPackage => "软件包：{0} {1}（{2}）",
        Msg::DetailsVerified => "✔ 与 {0} 安装的文件完全一致",
        Msg::DetailsModified => "✖ 不是 {0} 安装的文件：应为 {1}，实际运行的是 {2}",
        Msg::DetailsNotChecked => "无法将该文件与软件包的记录进行比较",
        Msg::DetailsContainer => "容器：{0} {1}",
        Msg::DetailsStartedBy => "启动者：{0}",
        // --- issue 17: reverse DNS ---
        Msg::SettingsResolveNames => "查询远程地址的主机名（反向 DNS）",
        Msg::SettingsResolveNamesTip => {
            "每次查询都会让你的 DNS 服务器知道这台电脑在和哪些地址通信。"
        }
        Msg::FilterInternet => "与互联网通信",
        Msg::FilterInternetTip => "只显示对端是公网地址的连接（不是本机，也不是局域网）",
        Msg::DetailsHost => "主机名",
        Msg::HostVerified => "{0}（已验证：这个名称能解析回该地址）",
        Msg::HostUnverified => "{0}（未验证：这个名称解析不回该地址，只是地址所有者的自称）",
        Msg::WarnLookupsSkipped => "有 {0} 个地址的主机名没有查询：一次出现的新地址太多。",
        // --- issue 18: blocking ---
        Msg::UnitDays => "{0} 天",
        Msg::UnitHours => "{0} 小时",
        Msg::UnitMinutes => "{0} 分钟",
        Msg::UnitSeconds => "{0} 秒",
        Msg::BlockLastsFor => "{0}，到 {1} 为止",
        Msg::BlockLastsUntilRestart => "直到电脑重新启动",
        Msg::BlockLastsAlways => "永久",
        Msg::BlockKindTimed => "限时",
        Msg::BlockKindUntilRestart => "直到重启",
        Msg::BlockKindAlways => "永久",
        Msg::BlockNeedsNft => {
            "阻止端口需要 nftables（nft），但它没有安装（sudo apt install nftables）；PortScope 不使用旧的 iptables。没有做任何改动。"
        }
        Msg::BlockNeedsAdmin => {
            "阻止端口需要管理员权限。没有做任何改动。请用 sudo 运行，或在桌面会话中运行，PortScope 会请求密码。"
        }
        Msg::BlockUnsupported => {
            "PortScope 暂时还不能在此系统上阻止端口（macOS：尚未支持）。没有做任何改动。“阻止端口…”对话框里有手动执行的 pf 命令。"
        }
        Msg::BlockRefused => "防火墙拒绝了这次更改：{0}。没有做任何改动。",
        Msg::BlockNotBlocked => "{0} 端口 {1} 没有被 PortScope 阻止；没有做任何改动。",
        Msg::BlockBusy => "另一个 PortScope 正在更改阻止规则（{0}）；请稍后再试。没有做任何改动。",
        Msg::BlockStateFailed => "无法使用 PortScope 的阻止列表 {0}：{1}。没有做任何改动。",
        Msg::BlockNotReadBack => {
            "更改之后，防火墙显示的 {0} 端口 {1} 与要求的不一致：请用 portscope blocks 查看。"
        }
        Msg::BlockElevationFailed => "这需要管理员权限，但获取权限失败（{0}）。没有做任何改动。",
        Msg::BlocksRecordedNotInForce => {
            "{0} 端口 {1} 记录为开机恢复，但现在不在防火墙中（PortScope 的表被删除了吗？）：portscope blocks --restore 可以恢复它，portscope unblock {2} 会删除这条记录。"
        }
        Msg::BlocksTableChanged => {
            "PortScope 的防火墙表被其他人改动过；下一次阻止或解除阻止时会把它修复完整。"
        }
        Msg::BlocksLiftedNow => "{0} 端口 {1} 已到期，已解除阻止。",
        Msg::BlocksStateUnreadable => {
            "无法读取 PortScope 的阻止列表（{0}）：用 --always 保留的阻止显示为“直到重启”。"
        }
        Msg::BlockPrompt => {
            "要阻止传入的 {0} 端口 {1} 吗（{2}）？从网络或本机发往它的一切都会被丢弃；在它上面监听的程序会继续运行。"
        }
        Msg::BlockConfirm => "输入 y 阻止它，输入其他内容取消： ",
        Msg::BlockCancelled => "已取消，没有阻止任何端口。",
        Msg::BlockDone => "已阻止传入的 {0} 端口 {1}，{2}（已从 {3} 读回确认）。",
        Msg::BlockUndoHint => "撤销：portscope unblock {0}",
        Msg::BlockTimedByKernel => "到时防火墙会自动解除它，即使 PortScope 没有运行。",
        Msg::BlockExpiryByPortScope => {
            "Windows 防火墙重启后仍保留规则，而且没有到期时间：到期后 PortScope 第一次运行时会解除这个阻止。"
        }
        Msg::BlockAlwaysKept => "记录在 {0}；开机服务 portscope-blocks 每次开机都会恢复它。",
        Msg::BlockAlwaysNoBootUnit => {
            "记录在 {0}，但这里没有启用开机服务 portscope-blocks（随 .deb 安装），所以重启后不会恢复这个阻止。"
        }
        Msg::BlockBesideOthers => {
            "{0} 也在运行：PortScope 用自己的表在它的规则之外丢弃这个端口，它的规则不会被改动。"
        }
        Msg::BlockAskingPassword => "这需要管理员权限：正在请求密码（pkexec）……",
        Msg::UnblockPrompt => "要解除对 {0} 端口 {1} 的阻止吗（{2}）？",
        Msg::UnblockPromptShort => "要解除对 {0} 端口 {1} 的阻止吗？",
        Msg::UnblockConfirm => "输入 y 解除阻止，输入其他内容取消： ",
        Msg::UnblockCancelled => "已取消，端口仍被阻止。",
        Msg::UnblockDone => {
            "已解除对 {0} 端口 {1} 的阻止；它又可以接受连接了（已从 {2} 读回确认）。"
        }
        Msg::BlocksNone => "PortScope 没有阻止任何端口（已从 {0} 读回）。",
        Msg::BlocksColId => "ID",
        Msg::BlocksColPort => "端口",
        Msg::BlocksColKind => "类型",
        Msg::BlocksColLasts => "期限",
        Msg::RestoreDone => "已恢复 {0} 个用 --always 保留的阻止。",
        Msg::RestoreNothing => "无需恢复：所有用 --always 保留的阻止都已生效。",
        Msg::BlockedByPortScope => "已被 PortScope 阻止：{0}。",
        Msg::BlockButtonHour => "阻止 1 小时",
        Msg::BlockButtonRestart => "阻止到重启",
        Msg::BlockButtonRestartTip => "电脑重新启动时解除。",
        Msg::BlockButtonAlways => "永久阻止",
        Msg::BlockButtonAlwaysTip => {
            "重启后仍然有效：Linux 上由 .deb 的开机服务 portscope-blocks 恢复；Windows 上由防火墙保留。"
        }
        Msg::BlockedPortsButton => "已阻止的端口…",
        Msg::BlockedPortsTitle => "已阻止的端口",
        Msg::BlockedPortsRefresh => "从防火墙读取",
        Msg::BlockUnblockButton => "解除阻止",
        Msg::BlockUndo => "撤销",
        Msg::BlockWorking => "正在处理……（系统可能会请求管理员密码）",
        Msg::BlockConfirmTitle => "要阻止这个端口吗？",
        Msg::BlockConfirmButton => "阻止",
        // --- issue 16: network namespaces ---
        Msg::ExposureNamespace => "仅其所在的网络命名空间",
        Msg::ColNetns => "网络命名空间",
        Msg::DetailsNetns => "{0}：只能通过该命名空间自己的网络接口访问，而不是本机的接口",
        Msg::WarnNamespacesDenied => {
            "有 {0} 个其他网络命名空间无法进入（需要管理员权限）：其中的套接字未列出。"
        }
        Msg::WarnNamespacesUnseen => {
            "无法读取 {0} 个进程所在的网络命名空间：只有这些进程使用的命名空间中的套接字未列出。"
        }
        Msg::WarnNamespaceUnread => "无法读取网络命名空间 {0} 中的套接字：{1}",
        Msg::NetnsVanished => "它在进入之前已经结束",
        Msg::NetnsNoAnswer => "它在 {0} 秒内没有响应",
        Msg::NetnsBusy => "它仍在处理上一次轮询",
        // --- issue 16: user and system units ---
        Msg::DetailsSystemUnit => "系统服务单元：{0}",
        Msg::DetailsUserUnit => "用户 {0} 的服务单元：{1}",
        Msg::DetailsWindowsServices => "它承载的 Windows 服务：{0}",
    }
}
