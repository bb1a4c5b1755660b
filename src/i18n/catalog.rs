//! The message catalogue: every user-visible message once, with its text in each language.
//! A message that takes arguments declares how many, as `Name(N)`: its texts must use
//! exactly the markers `{0}`…`{N-1}` (a plural choice is `{i|one|other}`), which the
//! compiler checks, and it is used as `tr.f(Msg::Name, &[&a, …])` with exactly N
//! arguments. A message without arguments is `tr.t(Msg::Name)`. A missing text, a
//! marker too many or too few, or a call with the wrong number of arguments does not
//! compile. See ARCHITECTURE.md ("Add a message", "Add a language").

super::messages! {
    // Columns
    ColProcess { en: "Program", zh: "程序" }
    ColPid { en: "PID", zh: "PID" }
    ColProtocol { en: "Protocol", zh: "协议" }
    ColLocalAddress { en: "Local address", zh: "本地地址" }
    ColLocalPort { en: "Local port", zh: "本地端口" }
    ColPortClass { en: "Port class", zh: "端口类别" }
    ColRemoteAddress { en: "Remote address", zh: "远程地址" }
    ColRemotePort { en: "Remote port", zh: "远程端口" }
    ColState { en: "State", zh: "状态" }
    ColUser { en: "User", zh: "用户" }
    ColPath { en: "Path", zh: "路径" }
    ColSent { en: "Sent", zh: "已发送" }
    ColReceived { en: "Received", zh: "已接收" }
    ColRate { en: "Rate ↑ ↓", zh: "速率 ↑ ↓" }
    TrafficTitle { en: "Traffic", zh: "流量" }
    TrafficNoneUdp { en: "not counted: UDP has no per-connection counters", zh: "无统计：UDP 没有按连接的计数" }
    TrafficNoneHere {
        en: "not counted for this socket (the system gives no count)",
        zh: "此套接字无统计（系统未提供计数）",
    }
    TrafficNeedsAdmin {
        en: "needs administrator rights: Windows counts a connection's bytes only for an administrator",
        zh: "需要管理员权限：Windows 只为管理员统计连接的字节数",
    }
    TrafficProgram { en: "This program", zh: "此程序" }
    TrafficProgramTotal(3) {
        en: "{0} sent, {1} received over {2} {2|connection|connections}",
        zh: "共 {2} 个连接，已发送 {0}，已接收 {1}",
    }
    TrafficGraphTitle { en: "Since selected:", zh: "选中以来：" }
    TrafficGraphWaiting { en: "waiting for the next poll…", zh: "等待下一次刷新…" }
    TrafficGraphQuiet { en: "nothing sent or received since selected", zh: "选中以来没有收发数据" }
    TrafficGraphPeak(1) { en: "highest: {0}", zh: "最高：{0}" }
    // Port classes
    ClassWellKnown { en: "well-known", zh: "公认端口" }
    ClassRegistered { en: "registered", zh: "注册端口" }
    ClassDynamic { en: "dynamic", zh: "动态端口" }
    // Toolbar
    SearchHint { en: "program, port, address, user…  (Ctrl+F)", zh: "程序、端口、地址、用户……（Ctrl+F）" }
    SearchLabel { en: "🔍 Search", zh: "🔍 搜索" }
    FilterAll { en: "All", zh: "全部" }
    FilterListening { en: "Listening", zh: "监听中" }
    FilterEstablished { en: "Connected", zh: "已连接" }
    FilterTcp { en: "TCP", zh: "TCP" }
    FilterUdp { en: "UDP", zh: "UDP" }
    FilterBothProtocols { en: "TCP + UDP", zh: "TCP + UDP" }
    HideLoopback { en: "Hide this-computer-only", zh: "隐藏仅本机可访问的" }
    HideLoopbackTip {
        en: "Hide sockets on 127.0.0.1 / ::1 that other computers cannot reach",
        zh: "隐藏 127.0.0.1 / ::1 上其他电脑无法访问的套接字",
    }
    Pause { en: "⏸ Pause", zh: "⏸ 暂停" }
    Resume { en: "▶ Resume", zh: "▶ 继续" }
    PauseTip { en: "Stop or restart live updates (Space)", zh: "停止或恢复实时刷新（Space）" }
    RefreshNow { en: "⟳ Refresh", zh: "⟳ 刷新" }
    RefreshTip { en: "Read all ports again now (F5)", zh: "立即重新读取所有端口（F5）" }
    IntervalLabel { en: "Update every", zh: "刷新间隔" }
    IntervalTip { en: "How often the list is read again", zh: "多久重新读取一次列表" }
    Export { en: "💾 Export…", zh: "💾 导出…" }
    ExportTip {
        en: "Save what you see as CSV, JSON or an HTML report",
        zh: "把当前看到的内容保存为 CSV、JSON 或 HTML 报告",
    }
    // Status bar
    StatusTotals(3) {
        en: "{0} {0|socket|sockets} · {1} listening · {2} connected",
        zh: "{0} 个套接字 · {1} 个监听 · {2} 个已连接",
    }
    StatusShown(1) { en: "{0} shown", zh: "显示 {0} 个" }
    StatusUpdated(1) { en: "Updated {0}", zh: "更新于 {0}" }
    StatusPaused { en: "Paused", zh: "已暂停" }
    StatusWaiting { en: "Reading ports…", zh: "正在读取端口……" }
    StatusNoAdmin { en: "Not running as administrator", zh: "未以管理员身份运行" }
    // Warnings
    WarnOwnersHidden(1) {
        en: "{0} {0|socket has its owner|sockets have their owners} hidden: run as administrator (sudo) to see them.",
        zh: "有 {0} 个套接字的所属程序被隐藏：请以管理员身份（sudo）运行以查看。",
    }
    WarnForeignProc(2) {
        en: "The /proc that PortScope reads belongs to another PID namespace (it calls PortScope PID {0}, PortScope is PID {1} in its own): the programs and PIDs shown are that namespace's, and PortScope refuses to end one that lives outside its own namespace.",
        zh: "PortScope 读取的 /proc 属于另一个 PID 命名空间（其中 PortScope 是 PID {0}，在它自己的命名空间里是 PID {1}）：显示的程序和 PID 属于那个命名空间；位于 PortScope 自身命名空间之外的程序，PortScope 会拒绝结束。",
    }
    WarnSocketsUnavailable(1) { en: "Could not list sockets: {0}", zh: "无法列出套接字：{0}" }
    WarnProcessTableUnavailable(1) {
        en: "Could not read the process table, so owners are unknown: {0}",
        zh: "无法读取进程列表，因此不知道所属程序：{0}",
    }
    // Details panel
    DetailsTitle { en: "Details", zh: "详情" }
    DetailsNothingSelected {
        en: "Select a row to see which program owns the port and where it lives.",
        zh: "选中一行，查看是哪个程序打开了这个端口、程序放在哪里。",
    }
    DetailsProgram { en: "Program", zh: "程序" }
    DetailsCommandLine { en: "Command line", zh: "命令行" }
    DetailsStarted { en: "Started", zh: "启动时间" }
    DetailsParent { en: "Parent PID", zh: "父进程 PID" }
    DetailsOwners { en: "All owners (PIDs)", zh: "全部所属进程（PID）" }
    DetailsSocket { en: "Socket", zh: "套接字" }
    DetailsOwnerHidden {
        en: "The owner is hidden: PortScope needs administrator rights to see it.",
        zh: "所属程序被隐藏：PortScope 需要管理员权限才能看到。",
    }
    DetailsOwnerElsewhere {
        en: "No program in this computer's process list holds it. It may belong to a container (another process namespace) or to the kernel itself.",
        zh: "本机的进程列表里没有程序持有它。它可能属于某个容器（另一个进程命名空间），或者属于内核本身。",
    }
    DetailsUnknown { en: "unknown", zh: "未知" }
    DetailsNoPeer { en: "none (waiting for connections)", zh: "无（正在等待连接）" }
    // Context menu
    MenuEndProgram { en: "End program…", zh: "结束程序…" }
    MenuCopyRow { en: "Copy row", zh: "复制此行" }
    MenuCopyPath { en: "Copy path", zh: "复制路径" }
    // Kill dialog
    KillTitle { en: "End program?", zh: "结束程序？" }
    KillQuestion(2) { en: "End “{0}” (PID {1})?", zh: "要结束“{0}”（PID {1}）吗？" }
    KillPorts { en: "It holds these ports, which will close:", zh: "它占用了以下端口，结束后这些端口会关闭：" }
    KillCriticalWarning {
        en: "⚠ This is a system or session program. Ending it may log you out, stop the network or crash the computer.",
        zh: "⚠ 这是系统或会话程序。结束它可能会让你被注销、断网，甚至让电脑崩溃。",
    }
    KillConfirm { en: "End program", zh: "结束程序" }
    KillCancel { en: "Cancel", zh: "取消" }
    KillForce { en: "Force end", zh: "强制结束" }
    KillWorking { en: "Asking the program to close…", zh: "正在请求程序关闭……" }
    KillClose { en: "Close", zh: "关闭" }
    // Kill outcomes
    KillEnded(2) { en: "“{0}” (PID {1}) has ended.", zh: "“{0}”（PID {1}）已结束。" }
    KillAlreadyGone(2) { en: "“{0}” (PID {1}) had already ended.", zh: "“{0}”（PID {1}）之前就已经结束了。" }
    KillPermissionDenied(2) {
        en: "Permission denied: ending “{0}” (PID {1}) needs administrator rights.",
        zh: "权限不足：结束“{0}”（PID {1}）需要管理员权限。",
    }
    KillStillRunning(2) {
        en: "“{0}” (PID {1}) is still running after being asked to close. You can force it to end.",
        zh: "已请求“{0}”（PID {1}）关闭，但它仍在运行。你可以强制结束它。",
    }
    KillPortClosed { en: "Its ports are now closed.", zh: "它的端口现已关闭。" }
    KillFailed(3) { en: "Could not end “{0}” (PID {1}): {2}", zh: "无法结束“{0}”（PID {1}）：{2}" }
    RefuseProtectedPid(1) {
        en: "Refused: PID {0} is the system itself and cannot be ended.",
        zh: "已拒绝：PID {0} 是系统本身，不能结束。",
    }
    RefuseSelf { en: "Refused: that is PortScope itself.", zh: "已拒绝：那是 PortScope 自己。" }
    RefuseKernelThread(1) {
        en: "Refused: PID {0} is part of the operating system kernel.",
        zh: "已拒绝：PID {0} 属于操作系统内核。",
    }
    RefusePidReused(1) {
        en: "Refused: PID {0} now belongs to a different program than the one you saw (it was reused). Nothing was ended.",
        zh: "已拒绝：PID {0} 现在属于另一个程序，而不是你看到的那个（PID 被重新使用了）。没有结束任何程序。",
    }
    RefuseOtherPidNamespace(1) {
        en: "Refused: PID {0} belongs to another PID namespace (a container or sandbox) than PortScope's, so PortScope cannot be sure a signal would reach the program you saw. Nothing was ended. Run PortScope inside that namespace to end it.",
        zh: "已拒绝：PID {0} 属于另一个 PID 命名空间（容器或沙箱），与 PortScope 所在的不同，PortScope 无法确保信号送到你看到的那个程序。什么都没有结束。请在那个命名空间里运行 PortScope 来结束它。",
    }
    RefuseNoOwner {
        en: "This socket has no visible owner, so there is no program to end.",
        zh: "这个套接字没有可见的所属程序，所以没有可结束的程序。",
    }
    // Export
    ExportTitle { en: "Export", zh: "导出" }
    ExportFormat { en: "Format", zh: "格式" }
    ExportScopeShown(1) { en: "Rows shown ({0})", zh: "当前显示的行（{0}）" }
    ExportScopeAll(1) { en: "All rows ({0})", zh: "全部行（{0}）" }
    ExportPathLabel { en: "Save to", zh: "保存到" }
    ExportChoose { en: "Choose…", zh: "选择…" }
    ExportSave { en: "Save", zh: "保存" }
    ExportSaved(2) { en: "Saved {0} {0|row|rows} to {1}", zh: "已将 {0} 行保存到 {1}" }
    ExportFailed(2) { en: "Could not save to {0}: {1}", zh: "无法保存到 {0}：{1}" }
    ExportNoDialog {
        en: "No file dialog is available here; type a path instead.",
        zh: "这里无法打开文件选择窗口，请直接输入路径。",
    }
    ReportTitle { en: "PortScope report", zh: "PortScope 报告" }
    ReportGenerated { en: "Taken at", zh: "生成时间" }
    ReportHost { en: "Computer", zh: "电脑" }
    ReportVersion { en: "PortScope version", zh: "PortScope 版本" }
    ReportRows { en: "Sockets", zh: "套接字数" }
    ReportWarnings { en: "Warnings", zh: "警告" }
    // Risk
    ColRisk { en: "Risk", zh: "风险" }
    ColService { en: "Service", zh: "服务" }
    ColExposure { en: "Reachable from", zh: "可访问范围" }
    LevelNone { en: "none", zh: "无" }
    LevelInfo { en: "info", zh: "提示" }
    LevelLow { en: "low", zh: "低" }
    LevelMedium { en: "medium", zh: "中" }
    LevelHigh { en: "high", zh: "高" }
    ExposureLoopback { en: "this computer only", zh: "仅本机" }
    ExposureLocalNetwork { en: "local network", zh: "局域网" }
    ExposureAllInterfaces { en: "all networks", zh: "所有网络" }
    ScopeLoopback { en: "this computer", zh: "本机" }
    ScopePrivate { en: "private network", zh: "私有网络" }
    ScopeShared { en: "shared ISP network (carrier NAT)", zh: "运营商共享网络（运营商级 NAT）" }
    ScopeLinkLocal { en: "this link only", zh: "仅本链路" }
    ScopeMulticast { en: "multicast group", zh: "组播" }
    ScopeDocumentation {
        en: "documentation or test range (never a real host)",
        zh: "文档或测试用地址段（不是真实主机）",
    }
    ScopeReserved { en: "reserved address", zh: "保留地址" }
    ScopePublic { en: "the internet", zh: "互联网" }
    DetailsNetwork { en: "Other end", zh: "对端网络" }
    DetailsNetworkAs(2) { en: "AS {0} {1}", zh: "AS {0} {1}" }
    FilterFlagged { en: "⚠ Flagged only", zh: "⚠ 只看有风险的" }
    FilterFlaggedTip {
        en: "Show only sockets with a low, medium or high risk finding",
        zh: "只显示风险为低、中或高的套接字",
    }
    RuleBackdoorTitle { en: "Known backdoor port", zh: "已知后门端口" }
    RuleBackdoorDetail(3) {
        en: "{2} port {1} is the default port of the “{0}” backdoor, and this program is not one that normally uses it. A legitimate program may also have picked this port by chance.",
        zh: "{2} 端口 {1} 是“{0}”后门程序的默认端口，而这个程序并不是通常使用该端口的程序。正常程序也可能碰巧选中这个端口。",
    }
    RuleRiskyServiceTitle { en: "Risky service open to the network", zh: "高风险服务对网络开放" }
    RuleRiskyServiceDetail(2) {
        en: "{0} (port {1}) is listening where other computers can reach it. This kind of service is old, unencrypted or lets anyone in without a password.",
        zh: "{0}（端口 {1}）正在监听，其他电脑可以访问到它。这类服务要么很老旧、要么不加密，或者不用密码就能进入。",
    }
    RuleAllInterfacesTitle { en: "Reachable from the network", zh: "可从网络访问" }
    RuleAllInterfacesDetail(1) {
        en: "It listens on {0}, so other computers can connect to it, not just this one.",
        zh: "它在 {0} 上监听，所以其他电脑也能连接它，而不只是本机。",
    }
    RuleTempDirTitle { en: "Program runs from a temporary folder", zh: "程序从临时文件夹运行" }
    RuleTempDirDetail(1) {
        en: "The program runs from {0}. Installed software rarely runs from temporary or download folders; malware often does.",
        zh: "这个程序从 {0} 运行。正规安装的软件很少从临时或下载文件夹运行，恶意程序却经常这样做。",
    }
    RuleDeletedTitle { en: "Program file was deleted", zh: "程序文件已被删除" }
    RuleDeletedDetail(1) {
        en: "The program's file ({0}) was deleted after it started. Updates can cause this, but so can malware hiding its tracks.",
        zh: "这个程序的文件（{0}）在它启动后被删除了。软件更新可能造成这种情况，恶意程序抹除痕迹也会这样。",
    }
    RuleDeletedNotPackageDetail(2) {
        en: "The program's file ({0}) was replaced after it started, but the new file is not what the package {1} installed, so this is not a package update: the running program and the file at its path may both be someone else's.",
        zh: "这个程序的文件（{0}）在它启动后被替换了，但新文件并不是软件包 {1} 安装的文件，所以这不是软件包更新：正在运行的程序和该路径上的文件都可能来自他人。",
    }
    RuleSpoofingTitle { en: "Name imitates a system program", zh: "名字冒充系统程序" }
    RuleSpoofingDetailChars(1) {
        en: "The program's name contains hidden control or text-direction characters ({0}), a trick to disguise what it is.",
        zh: "程序名里含有隐藏的控制字符或文字方向字符（{0}），这是用来伪装身份的伎俩。",
    }
    RuleSpoofingDetailPath(2) {
        en: "It is called “{0}” like a system program, but it runs from {1}, outside the system folders.",
        zh: "它叫“{0}”，和系统程序同名，却从系统文件夹之外的 {1} 运行。",
    }
    RuleUnexpectedOwnerTitle { en: "Unusual program for this port", zh: "这个端口的程序不常见" }
    RuleUnexpectedOwnerDetail(3) {
        en: "Port for {0} is usually opened by {1}, but here it is “{2}”. Often harmless (another program offering the same service).",
        zh: "{0} 的端口通常由 {1} 打开，这里却是“{2}”。这往往无害（另一个程序提供同样的服务）。",
    }
    RuleOwnerUnknownTitle { en: "No visible owner", zh: "看不到所属程序" }
    RuleOwnerUnknownDetail(1) {
        en: "No program in this computer's process list holds this socket (socket user: {0}). It may belong to a container (another process namespace) or the kernel.",
        zh: "本机的进程列表里没有程序持有这个套接字（套接字用户：{0}）。它可能属于某个容器（另一个进程命名空间）或内核。",
    }
    AdviceBackdoor {
        en: "What you can do: if you don't recognise the program, end it and block the port; then scan the computer for malware.",
        zh: "你可以这样做：如果不认识这个程序，就结束它并封锁该端口，然后用杀毒软件扫描电脑。",
    }
    AdviceRiskyService {
        en: "What you can do: if you don't need it, stop the service or end the program; otherwise block the port in the firewall or make it listen on 127.0.0.1 only.",
        zh: "你可以这样做：如果用不到，就停止这项服务或结束程序；否则在防火墙中封锁该端口，或让它只监听 127.0.0.1。",
    }
    AdviceAllInterfaces {
        en: "What you can do: nothing if you expect other computers to use it; otherwise block the port or configure the program to listen on this computer only.",
        zh: "你可以这样做：如果本来就要让别的电脑使用它，无需处理；否则封锁该端口，或设置程序只在本机监听。",
    }
    AdviceTempDir {
        en: "What you can do: if you didn't just run this yourself, end the program and scan the computer for malware.",
        zh: "你可以这样做：如果不是你刚刚自己运行的，就结束程序并扫描电脑。",
    }
    AdviceDeleted {
        en: "What you can do: if an update just ran, restart the program; otherwise end it and scan the computer.",
        zh: "你可以这样做：如果刚刚做过更新，重启这个程序即可；否则结束它并扫描电脑。",
    }
    AdviceSpoofing {
        en: "What you can do: end the program and scan the computer; real system programs live in system folders.",
        zh: "你可以这样做：结束程序并扫描电脑；真正的系统程序都放在系统文件夹里。",
    }
    AdviceUnexpectedOwner {
        en: "What you can do: check that you installed this program; if not, end it.",
        zh: "你可以这样做：确认这个程序是你安装的；如果不是，就结束它。",
    }
    AdviceOwnerUnknown {
        en: "What you can do: check your containers and virtual machines; if none use this port, investigate further.",
        zh: "你可以这样做：检查你的容器和虚拟机；如果都没有用这个端口，就需要进一步调查。",
    }
    DetailsService { en: "Service", zh: "服务" }
    DetailsAbout { en: "What is this?", zh: "这是什么？" }
    DetailsFindings { en: "Why it is flagged", zh: "为什么被标记" }
    DetailsNoFindings { en: "Nothing unusual found.", zh: "没有发现异常。" }
    DetailsExposure { en: "Reachable from", zh: "可访问范围" }
    TrustMark { en: "✔ Mark as trusted", zh: "✔ 标记为信任" }
    TrustMarkTip {
        en: "Silence this row's findings for this program on this port (saved in your settings folder)",
        zh: "对这个程序在这个端口上的发现不再提醒（保存在你的设置文件夹中）",
    }
    TrustUnmark { en: "Undo trust", zh: "取消信任" }
    TrustedBadge { en: "✔ trusted", zh: "✔ 已信任" }
    TrustNoPath {
        en: "This program's path is unknown, so it can't be marked as trusted.",
        zh: "不知道这个程序的路径，因此无法标记为信任。",
    }
    TrustSaveFailed(2) { en: "Could not save the trust list to {0}: {1}", zh: "无法把信任列表保存到 {0}：{1}" }
    FirewallTitle { en: "Block this port in the firewall", zh: "在防火墙中封锁这个端口" }
    FirewallNote {
        en: "Or copy a command into a terminal with administrator rights (PortScope does not run these).",
        zh: "也可以复制一条命令，在有管理员权限的终端中运行（PortScope 不会执行这些命令）。",
    }
    FirewallCopy { en: "Copy", zh: "复制" }
    ExplainNoEntry(2) {
        en: "PortScope has no notes on {0} port {1}.",
        zh: "PortScope 没有关于 {0} 端口 {1} 的资料。",
    }
    ExplainSystemName(1) {
        en: "The system's services list calls it “{0}”.",
        zh: "系统服务列表把它叫做“{0}”。",
    }
    ExplainUsualOwners(1) { en: "Usually opened by: {0}", zh: "通常由这些程序打开：{0}" }
    ExplainExposedRisk(1) { en: "Risk when open to the network: {0}", zh: "对网络开放时的风险：{0}" }
    ExplainBackdoor(2) {
        en: "Also a known backdoor port: {0} (source: {1})",
        zh: "这也是已知的后门端口：{0}（来源：{1}）",
    }
    ExplainCategory(1) { en: "Category: {0}", zh: "类别：{0}" }
    /// Added to a failed trust save: the row was not marked.
    TrustNotSavedNotTrusted { en: "It is not marked as trusted.", zh: "因此没有标记为信任。" }
    /// Added to a failed save of an undone trust: the row stays trusted.
    TrustNotSavedStillTrusted { en: "It is still trusted.", zh: "因此仍然是信任的。" }
    // Watch
    MarkNew { en: "new", zh: "新" }
    MarkChanged { en: "changed", zh: "变化" }
    MarkClosed { en: "closed", zh: "已关闭" }
    ClosedRowNote {
        en: "This socket has closed; it stays visible for a few seconds so you can see what left.",
        zh: "这个套接字已经关闭；它会再显示几秒钟，方便你看清是什么离开了。",
    }
    ToastNewListener(3) { en: "New listener: “{0}” on {1} port {2}", zh: "新的监听：“{0}” 在 {1} 端口 {2}" }
    ToastFlagged(5) {
        en: "{0} risk: “{1}” on {2} port {3} — {4}",
        zh: "{0}风险：“{1}” 在 {2} 端口 {3} — {4}",
    }
    ToastSummary(2) {
        en: "{0} new sockets at once ({1} flagged). Open the event log to see them.",
        zh: "一下子出现了 {0} 个新套接字（其中 {1} 个被标记）。打开事件日志查看。",
    }
    ToastTip { en: "Click to show this row", zh: "点击显示这一行" }
    EventLogButton { en: "📜 Event log", zh: "📜 事件日志" }
    EventLogTitle { en: "Event log", zh: "事件日志" }
    EventLogCounts(2) {
        en: "{0} {0|event|events} kept · {1} dropped (oldest first)",
        zh: "保留 {0} 条事件 · 已丢弃 {1} 条（先丢最旧的）",
    }
    EventLogExportCsv { en: "Export CSV", zh: "导出 CSV" }
    EventLogExportJson { en: "Export JSON", zh: "导出 JSON" }
    EventLogFileLabel { en: "Also write every event to", zh: "同时把每条事件写入" }
    EventLogFileStart { en: "Start logging", zh: "开始记录" }
    EventLogFileStop { en: "Stop logging", zh: "停止记录" }
    EventLogFileOn(1) { en: "Logging every event to {0}", zh: "正在把每条事件记录到 {0}" }
    EventLogFileFailed(2) { en: "Could not log events to {0}: {1}", zh: "无法把事件记录到 {0}：{1}" }
    ColTime { en: "Time", zh: "时间" }
    ColEvent { en: "Event", zh: "事件" }
    ColStateChange { en: "State", zh: "状态" }
    BaselineRemember { en: "📌 Remember current ports as known", zh: "📌 把当前端口记为已知" }
    BaselineRememberTip {
        en: "Save today's listening ports (program + port + protocol) as your baseline",
        zh: "把现在正在监听的端口（程序 + 端口 + 协议）保存为你的基线",
    }
    BaselineFilter { en: "New since baseline", zh: "只看基线之后新出现的" }
    BaselineFilterTip {
        en: "Show only sockets that are not in your baseline of known ports",
        zh: "只显示不在已知端口基线中的套接字",
    }
    BaselineSaved(1) { en: "Remembered {0} listening ports as known.", zh: "已把 {0} 个监听端口记为已知。" }
    StatusSinceStart(2) { en: "{0} new · {1} flagged since start", zh: "启动以来：{0} 个新增 · {1} 个被标记" }
    StatusFlaggedNow(1) { en: "⚠ {0} flagged now", zh: "⚠ 当前 {0} 个有风险" }
    OwnerHiddenLabel { en: "hidden (needs administrator)", zh: "已隐藏（需要管理员权限）" }
    RiskPortOnlyTip {
        en: "Judged by port only: PortScope can't see the program. Restart as administrator to check the program too.",
        zh: "仅根据端口判断：PortScope 看不到程序。以管理员身份重新启动即可同时检查程序。",
    }
    StateListen { en: "LISTEN", zh: "监听" }
    StateSynSent { en: "SYN_SENT", zh: "正在连接" }
    StateSynReceived { en: "SYN_RECEIVED", zh: "收到连接请求" }
    StateEstablished { en: "ESTABLISHED", zh: "已连接" }
    StateFinWait1 { en: "FIN_WAIT_1", zh: "正在关闭(1)" }
    StateFinWait2 { en: "FIN_WAIT_2", zh: "正在关闭(2)" }
    StateCloseWait { en: "CLOSE_WAIT", zh: "等待本机关闭" }
    StateClosing { en: "CLOSING", zh: "双方同时关闭" }
    StateLastAck { en: "LAST_ACK", zh: "等待最后确认" }
    StateTimeWait { en: "TIME_WAIT", zh: "关闭后等待" }
    StateClosed { en: "CLOSED", zh: "已关闭" }
    ColumnsMenuTitle { en: "Columns to show", zh: "显示哪些列" }
    FirewallOthers { en: "Other firewalls", zh: "其他防火墙" }
    FirewallActive { en: "(active on this computer)", zh: "（本机正在使用）" }
    HelpButton { en: "❓ Help", zh: "❓ 帮助" }
    HelpShortcuts { en: "Keyboard shortcuts", zh: "键盘快捷键" }
    HelpAbout { en: "About PortScope", zh: "关于 PortScope" }
    AboutTitle { en: "About PortScope", zh: "关于 PortScope" }
    AboutWhat {
        en: "Shows every open network port on this computer, the program behind it, and whether anything looks wrong.",
        zh: "显示这台电脑上每个打开的网络端口、背后的程序，以及是否有异常。",
    }
    AboutLicence(1) { en: "Free software, licence: {0}.", zh: "自由软件，许可证：{0}。" }
    AboutDataTitle {
        en: "Where the other end's network and country come from",
        zh: "对方的网络和国家信息来自哪里",
    }
    AboutDataAsn {
        en: "Network operators (AS numbers and names): IP to ASN Lite by DB-IP (db-ip.com) and the IP to AS Number data of Route Views (routeviews.org), both under CC BY 4.0.",
        zh: "网络运营者（AS 号和名称）：DB-IP（db-ip.com）的 IP to ASN Lite 和 Route Views（routeviews.org）的 IP to AS Number 数据，均为 CC BY 4.0 许可。",
    }
    AboutDataCountry {
        en: "Countries: geo-whois-asn-country (CC0), built from the statistics of the Number Resource Organization (nro.net), CC BY 4.0.",
        zh: "国家：geo-whois-asn-country（CC0），由 Number Resource Organization（nro.net）的统计数据生成，CC BY 4.0 许可。",
    }
    AboutDataOffline {
        en: "The table ships with PortScope; it never asks the network. The packages it was made from:",
        zh: "这份数据随 PortScope 一起提供，从不联网查询。它由以下软件包生成：",
    }
    HelpShowWelcome { en: "Show the introduction again", zh: "再次显示入门说明" }
    ShortcutsTitle { en: "Keyboard shortcuts", zh: "键盘快捷键" }
    ShortcutSearch { en: "Search all columns", zh: "搜索所有列" }
    ShortcutMove { en: "Move the selection up or down", zh: "上下移动选中行" }
    ShortcutEnd { en: "End the selected program (asks first)", zh: "结束选中的程序（会先询问）" }
    ShortcutConfirm { en: "Confirm the open dialog", zh: "确认当前对话框" }
    ShortcutCancel { en: "Cancel the open dialog", zh: "取消当前对话框" }
    ShortcutPause { en: "Pause or resume live updates", zh: "暂停或继续实时更新" }
    ShortcutRefresh { en: "Refresh now", zh: "立即刷新" }
    ShortcutLog { en: "Show or hide the event log", zh: "显示或隐藏事件日志" }
    ShortcutQuit { en: "Quit PortScope", zh: "退出 PortScope" }
    ShortcutColumns { en: "Right-click a column title: choose the columns", zh: "右键点击列标题：选择显示哪些列" }
    CloseButton { en: "Close", zh: "关闭" }
    WelcomeTitle { en: "Welcome to PortScope", zh: "欢迎使用 PortScope" }
    WelcomeRows {
        en: "Each row is a network port that a program on this computer has open. “Listening” means it waits for other programs or computers to connect; “Connected” means it is talking to one right now.",
        zh: "每一行是本机某个程序打开的一个网络端口。“监听”表示它在等待其他程序或计算机连接；“已连接”表示它正在与对方通信。",
    }
    WelcomeRisk {
        en: "The Risk column says what deserves a look: ℹ info only explains, ● low, ▲ medium and ⚠ high are worth checking. Every colour comes with a word.",
        zh: "“风险”一列告诉你哪些值得看一看：ℹ 信息只是说明，● 低、▲ 中、⚠ 高 值得检查。每种颜色都配有文字。",
    }
    WelcomeChanges {
        en: "Rows tinted green are new, yellow changed, and red (struck through) have just closed.",
        zh: "绿色的行是新出现的，黄色是有变化的，红色（带删除线）是刚刚关闭的。",
    }
    WelcomeSteps {
        en: "Look, judge, close: select a row to see which program it is, where it comes from and why it was flagged. To close it, work down the details: End program…, then Block port…, then, where it says “Starts automatically”, Disable… so that it does not come back. Each step asks first; a block and a disabled autostart can be undone.",
        zh: "查看、判断、关闭：选中一行，就能看到是哪个程序、它从哪里来、为什么被标记。要关闭它，就在详情里依次操作：先“结束程序…”，再“封锁端口…”；如果写着“会自动启动”，再点“禁用…”，它就不会再回来。每一步都会先确认；封锁和禁用都可以撤销。",
    }
    WelcomeDismiss { en: "Got it", zh: "知道了" }
    EventLogOrder {
        en: "Newest first; within one update: closed, changed, then opened.",
        zh: "最新的在最上面；同一次更新中依次为：关闭、变化、打开。",
    }
    ReportFilter { en: "Filter", zh: "筛选条件" }
    ReportFilterNone { en: "all sockets, no filter", zh: "全部套接字，未筛选" }
    ReportFilterSearch(1) { en: "search “{0}”", zh: "搜索“{0}”" }
    BannerOwnersHidden(1) {
        en: "{0} {0|socket has its owner|sockets have their owners} hidden because PortScope isn't running as administrator.",
        zh: "由于 PortScope 没有以管理员身份运行，{0} 个套接字的所有者被隐藏。",
    }
    RestartAsAdmin { en: "Restart as administrator", zh: "以管理员身份重新启动" }
    RestartAsAdminTip {
        en: "Opens PortScope again with administrator rights (asks for your password) and closes this window.",
        zh: "以管理员权限重新打开 PortScope（会询问密码），并关闭此窗口。",
    }
    OpenReport { en: "Open report", zh: "打开报告" }
    OpenFolder { en: "Open folder", zh: "打开文件夹" }
    OpenFailed(2) { en: "Could not open {0}: {1}", zh: "无法打开 {0}：{1}" }
    SettingsNoNotifications {
        en: "No notification service answered: desktop notifications can't be shown here.",
        zh: "没有通知服务响应：此处无法显示桌面通知。",
    }
    ThemeLabel { en: "Theme", zh: "主题" }
    ThemeSystem { en: "Follow the system", zh: "跟随系统" }
    ThemeLight { en: "Light", zh: "浅色" }
    ThemeDark { en: "Dark", zh: "深色" }
    SettingsButton { en: "⚙ Settings", zh: "⚙ 设置" }
    SettingsHighlight {
        en: "Highlight changes (new green, changed yellow, closed red)",
        zh: "高亮变化（新增为绿色，变化为黄色，关闭为红色）",
    }
    SettingsHighlightSeconds { en: "Highlight lasts (seconds)", zh: "高亮持续时间（秒）" }
    SettingsAlertListeners { en: "Alert me about new listening ports", zh: "出现新的监听端口时提醒我" }
    SettingsAlertFlagged {
        en: "Alert me about new risky sockets (medium or high)",
        zh: "出现新的有风险套接字（中或高）时提醒我",
    }
    SettingsDesktop { en: "Also send desktop notifications", zh: "同时发送桌面通知" }
    SettingsDesktopListeners {
        en: "Desktop notifications for new listening ports too",
        zh: "新的监听端口也发送桌面通知",
    }
    NotifyTitle { en: "PortScope alert", zh: "PortScope 提醒" }
    // CLI
    CliNoSuchPid(1) { en: "No running process has PID {0}.", zh: "没有 PID 为 {0} 的运行中进程。" }
    CliKillNeedsTarget { en: "Say which program to end: --pid N or --port N.", zh: "请指明要结束的程序：--pid N 或 --port N。" }
    CliNoOwner(2) { en: "No program holds {0} port {1}.", zh: "没有程序占用 {0} 端口 {1}。" }
    CliOwnerHidden(2) {
        en: "{0} port {1} is open, but its owner is hidden: run as administrator (sudo) to end it.",
        zh: "{0} 端口 {1} 已打开，但所属程序被隐藏：请以管理员身份（sudo）运行才能结束它。",
    }
    CliOpenNoHolder(2) {
        en: "{0} port {1} is open, but no program holds it (the socket may be in flight between programs inside a message, or kept by the kernel), so there is no program to end.",
        zh: "{0} 端口 {1} 已打开，但没有任何程序占用它（这个套接字可能正夹在程序之间传递的消息里，或由内核保留），所以没有可结束的程序。",
    }
    CliManyHolders(3) {
        en: "{0} port {1} is held by {2} processes; all of them will be ended:",
        zh: "{0} 端口 {1} 被 {2} 个进程占用；它们都将被结束：",
    }
    CliHolderLine(3) { en: "  “{0}” (PID {1}, {2})", zh: "  “{0}”（PID {1}，{2}）" }
    CliPrompt(3) { en: "End “{0}” (PID {1}, {2})?", zh: "要结束“{0}”（PID {1}，{2}）吗？" }
    CliHoldsPorts(1) { en: "It holds: {0}", zh: "它占用：{0}" }
    CliConfirm { en: "Type y to end it, anything else to cancel: ", zh: "输入 y 结束它，输入其他内容取消： " }
    CliCancelled { en: "Cancelled; nothing was ended.", zh: "已取消，没有结束任何程序。" }
    CliPortStillOpen(2) {
        en: "{0} port {1} is still open (another program may hold it).",
        zh: "{0} 端口 {1} 仍然打开着（可能有其他程序占用它）。",
    }
    CliPortClosed(2) { en: "{0} port {1} is now closed.", zh: "{0} 端口 {1} 现已关闭。" }
    CloseNeedsAdmin {
        en: "Closing a single connection needs administrator rights (run with sudo).",
        zh: "关闭单个连接需要管理员权限（请用 sudo 运行）。",
    }
    CloseUnsupported { en: "This system can't close single connections.", zh: "此系统无法关闭单个连接。" }
    CloseIpv6Unsupported {
        en: "This system can only close IPv4 connections, not IPv6 ones.",
        zh: "此系统只能关闭 IPv4 连接，不能关闭 IPv6 连接。",
    }
    CloseNotFound {
        en: "The connection no longer exists (it may have closed already).",
        zh: "该连接已不存在（可能已经关闭）。",
    }
    CliCloseNoConnection(2) {
        en: "No established TCP connection from {0} to {1}.",
        zh: "没有从 {0} 到 {1} 的已建立 TCP 连接。",
    }
    CliClosePrompt(4) {
        en: "Close the connection {0} → {1} of “{2}” (PID {3})? The program keeps running.",
        zh: "要关闭“{2}”（PID {3}）的连接 {0} → {1} 吗？程序会继续运行。",
    }
    CliCloseConfirm {
        en: "Type y to close it, anything else to cancel: ",
        zh: "输入 y 关闭它，输入其他内容取消： ",
    }
    CliCloseCancelled { en: "Cancelled; the connection is still open.", zh: "已取消，连接仍然打开着。" }
    CliCloseDone(2) {
        en: "Closed the connection {0} → {1}; the program keeps running.",
        zh: "已关闭连接 {0} → {1}；程序会继续运行。",
    }
    CliCloseStillOpen(2) {
        en: "The connection {0} → {1} is still open.",
        zh: "连接 {0} → {1} 仍然打开着。",
    }
    DetailsNothingUnusual { en: "Nothing unusual found.", zh: "没有发现异常。" }
    ActionCloseConnection { en: "Close connection", zh: "关闭连接" }
    ActionBlockPort { en: "Block port…", zh: "封锁端口…" }
    TipEndProgram {
        en: "Ask the program to close; PortScope checks first that it is still the same program.",
        zh: "请求该程序关闭；PortScope 会先确认它仍是同一个程序。",
    }
    TipEndClosed {
        en: "This socket has already closed; there is nothing left to end.",
        zh: "这个套接字已经关闭，没有需要结束的程序。",
    }
    TipEndHidden {
        en: "The owner is hidden because PortScope isn't running as administrator. Restart as administrator to end it.",
        zh: "由于 PortScope 没有以管理员身份运行，所有者被隐藏。请以管理员身份重新启动后再结束它。",
    }
    TipEndNoOwner {
        en: "No program owns this socket that PortScope can see (it may belong to a container or the kernel).",
        zh: "PortScope 看不到拥有这个套接字的程序（它可能属于容器或内核）。",
    }
    TipEndProtected {
        en: "PortScope never ends this process (it is the system's first process or PortScope itself).",
        zh: "PortScope 从不结束这个进程（它是系统的第一个进程或 PortScope 本身）。",
    }
    TipCloseConnection {
        en: "Drop just this connection; the program keeps running.",
        zh: "只断开这一个连接，程序会继续运行。",
    }
    TipBlockPort {
        en: "Block this port in the firewall, for a time or always, or copy the commands.",
        zh: "用防火墙阻止此端口（限时或永久），或复制相应命令。",
    }
    DetailsShowAll { en: "show all", zh: "显示全部" }
    DetailsShowLess { en: "show less", zh: "收起" }
    CloseDialogTitle { en: "Close this connection?", zh: "要关闭这个连接吗？" }
    CloseDialogBody(4) {
        en: "Close the connection {0} → {1} of “{2}” (PID {3})? The program keeps running; it sees the connection as reset.",
        zh: "要关闭“{2}”（PID {3}）的连接 {0} → {1} 吗？程序会继续运行，它会看到连接被重置。",
    }
    CloseDialogConfirm { en: "Close connection", zh: "关闭连接" }
    ServiceBackdoor(1) { en: "{0} trojan port", zh: "{0} 木马端口" }
    RuleUpdatedTitle { en: "Program updated since it started", zh: "程序在运行后已更新" }
    RuleUpdatedDetail(1) {
        en: "The file this program was started from ({0}) has been replaced by a newer one, as a package update does. The running program is still the old version.",
        zh: "启动这个程序的文件（{0}）已被新文件替换，就像软件包更新时那样。正在运行的仍是旧版本。",
    }
    RuleUpdatedVerifiedDetail(2) {
        en: "The file this program was started from ({0}) has been replaced by a newer one, and the new file is exactly what the package {1} installed: a package update. The running program is still the old version.",
        zh: "启动这个程序的文件（{0}）已被新文件替换，而新文件与软件包 {1} 安装的文件完全一致：这是一次软件包更新。正在运行的仍是旧版本。",
    }
    AdviceUpdated {
        en: "Restart the program to use the new version; this alone is not a sign of malware.",
        zh: "重新启动该程序即可使用新版本；仅凭这一点并不说明是恶意软件。",
    }
    UnknownProgram { en: "unknown program", zh: "未知程序" }
    CliUseForce { en: "Run again with --force to end it at once.", zh: "加上 --force 再运行一次即可立即结束它。" }
    CliCriticalWarning {
        en: "Warning: this is a system or session program; ending it may log you out or break the system.",
        zh: "警告：这是系统或会话程序；结束它可能会让你被注销或破坏系统。",
    }
    RestartElevatedFailed(2) {
        en: "Could not restart PortScope with administrator rights ({0}). You can start it that way yourself: {1}",
        zh: "无法以管理员权限重新启动 PortScope（{0}）。你可以自己这样启动它：{1}",
    }
    // --- issue 16: provenance ---
    RuleModifiedTitle { en: "Program differs from its package", zh: "程序与其软件包安装的文件不同" }
    RuleModifiedDetail(4) {
        en: "The running program ({0}) belongs to the package {1}, but it is not the file that package installed: the package recorded the checksum {2}, the running image has {3}. Something changed it after it was installed.",
        zh: "正在运行的程序（{0}）属于软件包 {1}，但它不是该软件包安装的那个文件：软件包记录的校验值是 {2}，正在运行的映像是 {3}。安装之后有东西改动了它。",
    }
    AdviceModified {
        en: "Unless you changed it yourself, end the program and reinstall the package to restore the original file; then find out who changed it.",
        zh: "除非是你自己改的，请结束该程序并重新安装软件包以恢复原始文件，然后查明是谁改动了它。",
    }
    ColOrigin { en: "Comes from", zh: "来源" }
    OriginVerified(1) { en: "{0} ✔", zh: "{0} ✔" }
    OriginModified(1) { en: "{0} ✖ modified", zh: "{0} ✖ 已被改动" }
    OriginChecking(1) { en: "{0} (checking…)", zh: "{0}（检查中…）" }
    OriginNoPackage { en: "not from a package", zh: "不来自软件包" }
    OriginLookingUp { en: "checking…", zh: "检查中…" }
    OriginUnknown { en: "unknown", zh: "未知" }
    DetailsOriginHeading { en: "Where it comes from", zh: "来源" }
    DetailsPackage(3) { en: "Package: {0} {1} ({2})", zh: "软件包：{0} {1}（{2}）" }
    DetailsVerified(1) { en: "✔ exactly as installed by {0}", zh: "✔ 与 {0} 安装的文件完全一致" }
    DetailsModified(3) {
        en: "✖ not the file {0} installed: expected {1}, running {2}",
        zh: "✖ 不是 {0} 安装的文件：应为 {1}，实际运行的是 {2}",
    }
    DetailsNotChecked {
        en: "the file could not be compared with the package's record",
        zh: "无法将该文件与软件包的记录进行比较",
    }
    DetailsUpdateVerified(1) {
        en: "✔ updated: the new file at its path is exactly as installed by {0} (restart the program to run it)",
        zh: "✔ 已更新：其路径上的新文件与 {0} 安装的完全一致（重新启动该程序即可运行新版本）",
    }
    DetailsUpdateModified(1) {
        en: "✖ the file now at its path is not the one {0} installed; the running program was started from an older file",
        zh: "✖ 其路径上现在的文件不是 {0} 安装的文件；正在运行的程序是从更早的文件启动的",
    }
    DetailsContainer(2) { en: "Container: {0} {1}", zh: "容器：{0} {1}" }
    DetailsStartedBy(1) { en: "started by: {0}", zh: "启动者：{0}" }
    // --- issue 17: reverse DNS ---
    SettingsResolveNames {
        en: "Look up the host names of remote addresses (reverse DNS)",
        zh: "查询远程地址的主机名（反向 DNS）",
    }
    SettingsResolveNamesTip {
        en: "Each lookup tells your DNS server which addresses this computer talks to.",
        zh: "每次查询都会让你的 DNS 服务器知道这台电脑在和哪些地址通信。",
    }
    FilterInternet { en: "Talking to the internet", zh: "与互联网通信" }
    FilterInternetTip {
        en: "Only connections whose other end is a public internet address (not this computer, not the local network)",
        zh: "只显示对端是公网地址的连接（不是本机，也不是局域网）",
    }
    DetailsHost { en: "Host name", zh: "主机名" }
    HostVerified(1) {
        en: "{0} (verified: the name leads back to this address)",
        zh: "{0}（已验证：这个名称能解析回该地址）",
    }
    HostUnverified(1) {
        en: "{0} (not verified: the name does not lead back to this address, so it is only what the address's owner claims)",
        zh: "{0}（未验证：这个名称解析不回该地址，只是地址所有者的自称）",
    }
    WarnLookupsSkipped(1) {
        en: "The host {0|name|names} of {0} {0|address was|addresses were} not looked up: too many new addresses at once.",
        zh: "有 {0} 个地址的主机名没有查询：一次出现的新地址太多。",
    }
    // State files
    TrustReadFailed(2) {
        en: "Could not read the trust list {0}: {1}. It was left as it is, and trust changes will not be saved until PortScope restarts.",
        zh: "无法读取信任列表 {0}：{1}。该文件保持原样，重新启动 PortScope 之前对信任的更改不会被保存。",
    }
    TrustCorrupt(3) {
        en: "The trust list {0} could not be read ({1}); it was kept as {2} and PortScope started with an empty list.",
        zh: "信任列表 {0} 无法读取（{1}）；它已保留为 {2}，PortScope 以空列表启动。",
    }
    BaselineReadFailed(2) {
        en: "Could not read the baseline of known ports {0}: {1}. It was left as it is, and the baseline will not be saved until PortScope restarts.",
        zh: "无法读取已知端口基线 {0}：{1}。该文件保持原样，重新启动 PortScope 之前基线不会被保存。",
    }
    BaselineCorrupt(3) {
        en: "The baseline of known ports {0} could not be read ({1}); it was kept as {2} and PortScope started with an empty baseline.",
        zh: "已知端口基线 {0} 无法读取（{1}）；它已保留为 {2}，PortScope 以空基线启动。",
    }
    BaselineSaveFailed(2) {
        en: "Could not save the baseline of known ports to {0}: {1}",
        zh: "无法把已知端口基线保存到 {0}：{1}",
    }
    SettingsReadFailed(2) {
        en: "Could not read the settings file {0}: {1}. Default settings are used, and the file is left as it is.",
        zh: "无法读取设置文件 {0}：{1}。将使用默认设置，该文件保持原样。",
    }
    SettingsCorrupt(3) {
        en: "The settings file {0} could not be read ({1}); it was kept as {2} and default settings are used.",
        zh: "设置文件 {0} 无法读取（{1}）；它已保留为 {2}，将使用默认设置。",
    }
    SettingsSymlink(2) {
        en: "The settings file {0} is a symbolic link, which PortScope does not follow; the link was moved aside as {1} and default settings are used.",
        zh: "设置文件 {0} 是一个符号链接，PortScope 不会跟随它；该链接已移到 {1}，将使用默认设置。",
    }
    SettingsSaveFailed(2) { en: "Could not save the settings to {0}: {1}", zh: "无法把设置保存到 {0}：{1}" }
    ConfigDirLinked(2) {
        en: "PortScope runs as administrator and does not use the folder {0}: {1} on its path is a symbolic link, which another user could point anywhere.",
        zh: "PortScope 以管理员身份运行，不使用文件夹 {0}：其路径上的 {1} 是符号链接，其他用户可以让它指向任何地方。",
    }
    ConfigDirForeign(2) {
        en: "PortScope runs as administrator and does not use the folder {0}: {1} on its path belongs to another user, or others may change it.",
        zh: "PortScope 以管理员身份运行，不使用文件夹 {0}：其路径上的 {1} 属于其他用户，或者其他人可以修改它。",
    }
    ConfigDirInstead(1) {
        en: "Its settings, trust list, baseline and log are kept in {0} instead.",
        zh: "设置、信任列表、基线和日志改为保存在 {0}。",
    }
    ConfigDirNotSaved {
        en: "Nothing is read from or saved to a folder this session: settings, trust and the baseline last until PortScope closes.",
        zh: "本次不从任何文件夹读取，也不保存到任何文件夹：设置、信任和基线只保留到 PortScope 关闭。",
    }
    LogFileFailed(2) {
        en: "Could not open the log file {0}: {1}. Warnings go to the terminal only.",
        zh: "无法打开日志文件 {0}：{1}。警告只显示在终端中。",
    }
    // Misc
    Yes { en: "yes", zh: "是" }
    No { en: "no", zh: "否" }
    NoRowsMatch { en: "No sockets match the search and filters.", zh: "没有符合搜索和筛选条件的套接字。" }
    EmptyValue { en: "—", zh: "—" }
    ReportNoFlagged {
        en: "No socket was flagged. Info notes are in the table.",
        zh: "没有套接字被标记。提示信息见下表。",
    }
    ReportFlaggedTitle { en: "Flagged sockets, explained", zh: "被标记的套接字及原因" }
    FormatHtml { en: "HTML report", zh: "HTML 报告" }
    FormatJson { en: "JSON", zh: "JSON" }
    FormatCsv { en: "CSV", zh: "CSV" }
    WindowTitle {
        en: "PortScope — open ports and the programs behind them",
        zh: "PortScope — 端口及其背后的程序",
    }
    Dismiss { en: "Dismiss", zh: "关闭提示" }
    // --- issue 18: blocking ---
    UnitDays(1) { en: "{0} d", zh: "{0} 天" }
    UnitHours(1) { en: "{0} h", zh: "{0} 小时" }
    UnitMinutes(1) { en: "{0} min", zh: "{0} 分钟" }
    UnitSeconds(1) { en: "{0} s", zh: "{0} 秒" }
    BlockLastsFor(2) { en: "for {0}, until {1}", zh: "{0}，到 {1} 为止" }
    BlockLastsUntilRestart { en: "until the computer restarts", zh: "直到电脑重新启动" }
    BlockLastsAlways { en: "always", zh: "永久" }
    BlockKindTimed { en: "for a time", zh: "限时" }
    BlockKindUntilRestart { en: "until restart", zh: "直到重启" }
    BlockKindAlways { en: "always", zh: "永久" }
    BlockNeedsNft {
        en: "Blocking needs nftables (nft), which is not installed (sudo apt install nftables); PortScope does not use legacy iptables. Nothing was changed.",
        zh: "阻止端口需要 nftables（nft），但它没有安装（sudo apt install nftables）；PortScope 不使用旧的 iptables。没有做任何改动。",
    }
    BlockNeedsAdmin {
        en: "Blocking a port needs administrator rights. Nothing was changed. Run it with sudo, or in a desktop session, where PortScope asks for the password.",
        zh: "阻止端口需要管理员权限。没有做任何改动。请用 sudo 运行，或在桌面会话中运行，PortScope 会请求密码。",
    }
    BlockUnsupported {
        en: "PortScope can't block ports on this system yet (macOS: not yet). Nothing was changed. The Block port… dialog shows the pf command to do it by hand.",
        zh: "PortScope 暂时还不能在此系统上阻止端口（macOS：尚未支持）。没有做任何改动。“阻止端口…”对话框里有手动执行的 pf 命令。",
    }
    BlockRefused(1) {
        en: "The firewall refused the change: {0}. Nothing was changed.",
        zh: "防火墙拒绝了这次更改：{0}。没有做任何改动。",
    }
    BlockNotBlocked(2) {
        en: "{0} port {1} is not blocked by PortScope; nothing was changed.",
        zh: "{0} 端口 {1} 没有被 PortScope 阻止；没有做任何改动。",
    }
    BlockBusy(1) {
        en: "Another PortScope is changing blocks right now ({0}); try again in a moment. Nothing was changed.",
        zh: "另一个 PortScope 正在更改阻止规则（{0}）；请稍后再试。没有做任何改动。",
    }
    BlockStateFailed(2) {
        en: "PortScope's block list {0} can't be used: {1}. Nothing was changed.",
        zh: "无法使用 PortScope 的阻止列表 {0}：{1}。没有做任何改动。",
    }
    BlockNotReadBack(2) {
        en: "After the change, the firewall does not show {0} port {1} as asked: check with portscope blocks.",
        zh: "更改之后，防火墙显示的 {0} 端口 {1} 与要求的不一致：请用 portscope blocks 查看。",
    }
    BlockElevationFailed(1) {
        en: "This needs administrator rights, and getting them failed ({0}). Nothing was changed.",
        zh: "这需要管理员权限，但获取权限失败（{0}）。没有做任何改动。",
    }
    BlocksRecordedNotInForce(3) {
        en: "{0} port {1} is kept to be put back at boot but is not in the firewall now (was PortScope's table removed?): portscope blocks --restore puts it back, portscope unblock {2} forgets it.",
        zh: "{0} 端口 {1} 记录为开机恢复，但现在不在防火墙中（PortScope 的表被删除了吗？）：portscope blocks --restore 可以恢复它，portscope unblock {2} 会删除这条记录。",
    }
    BlocksTableChanged {
        en: "PortScope's firewall table was changed by someone else; the next block or unblock makes it whole again.",
        zh: "PortScope 的防火墙表被其他人改动过；下一次阻止或解除阻止时会把它修复完整。",
    }
    BlocksLiftedNow(2) {
        en: "{0} port {1} was due and has been unblocked.",
        zh: "{0} 端口 {1} 已到期，已解除阻止。",
    }
    BlocksDueNeedsAdmin(2) {
        en: "{0} port {1} is due to be unblocked; PortScope lifts it the next time it runs as administrator.",
        zh: "{0} 端口 {1} 已到期；PortScope 下次以管理员身份运行时会解除阻止。",
    }
    BlocksStateUnreadable(1) {
        en: "PortScope's block list can't be read ({0}): blocks kept with --always show as until restart.",
        zh: "无法读取 PortScope 的阻止列表（{0}）：用 --always 保留的阻止显示为“直到重启”。",
    }
    BlockPrompt(3) {
        en: "Block incoming {0} port {1} {2}? Everything that arrives at it, from the network or from this computer, is dropped; the program listening on it keeps running.",
        zh: "要阻止传入的 {0} 端口 {1} 吗（{2}）？从网络或本机发往它的一切都会被丢弃；在它上面监听的程序会继续运行。",
    }
    BlockConfirm { en: "Type y to block it, anything else to cancel: ", zh: "输入 y 阻止它，输入其他内容取消： " }
    BlockCancelled { en: "Cancelled; nothing was blocked.", zh: "已取消，没有阻止任何端口。" }
    BlockDone(4) {
        en: "Blocked incoming {0} port {1} {2} (read back from {3}).",
        zh: "已阻止传入的 {0} 端口 {1}，{2}（已从 {3} 读回确认）。",
    }
    BlockUndoHint(1) { en: "Undo: portscope unblock {0}", zh: "撤销：portscope unblock {0}" }
    BlockTimedByKernel {
        en: "The firewall lifts it by itself at that time, even if PortScope is not running.",
        zh: "到时防火墙会自动解除它，即使 PortScope 没有运行。",
    }
    BlockExpiryByPortScope {
        en: "Windows Firewall keeps its rules across restarts and has no end time: PortScope lifts this block the first time it runs after it is due.",
        zh: "Windows 防火墙重启后仍保留规则，而且没有到期时间：到期后 PortScope 第一次运行时会解除这个阻止。",
    }
    BlockAlwaysKept(1) {
        en: "Kept in {0}; the portscope-blocks service puts it back at every boot.",
        zh: "记录在 {0}；开机服务 portscope-blocks 每次开机都会恢复它。",
    }
    BlockAlwaysNoBootUnit(1) {
        en: "Kept in {0}, but the boot service portscope-blocks is not enabled here (it comes with the .deb), so this block is not put back after a restart.",
        zh: "记录在 {0}，但这里没有启用开机服务 portscope-blocks（随 .deb 安装），所以重启后不会恢复这个阻止。",
    }
    BlockBesideOthers(1) {
        en: "{0} is active too: PortScope's own table drops this port beside its rules, which are not changed.",
        zh: "{0} 也在运行：PortScope 用自己的表在它的规则之外丢弃这个端口，它的规则不会被改动。",
    }
    BlockAskingPassword {
        en: "This needs administrator rights: asking for the password (pkexec)…",
        zh: "这需要管理员权限：正在请求密码（pkexec）……",
    }
    BlockAskingAdmin {
        en: "This needs administrator rights: Windows asks for them now…",
        zh: "这需要管理员权限：Windows 正在请求授权……",
    }
    UnblockPrompt(3) { en: "Unblock {0} port {1} (blocked {2})?", zh: "要解除对 {0} 端口 {1} 的阻止吗（{2}）？" }
    UnblockPromptShort(2) { en: "Unblock {0} port {1}?", zh: "要解除对 {0} 端口 {1} 的阻止吗？" }
    UnblockConfirm {
        en: "Type y to unblock it, anything else to cancel: ",
        zh: "输入 y 解除阻止，输入其他内容取消： ",
    }
    UnblockCancelled { en: "Cancelled; the port stays blocked.", zh: "已取消，端口仍被阻止。" }
    UnblockDone(3) {
        en: "Unblocked {0} port {1}; it accepts connections again (read back from {2}).",
        zh: "已解除对 {0} 端口 {1} 的阻止；它又可以接受连接了（已从 {2} 读回确认）。",
    }
    BlocksNone(1) {
        en: "PortScope blocks no ports (read back from {0}).",
        zh: "PortScope 没有阻止任何端口（已从 {0} 读回）。",
    }
    BlocksColId { en: "ID", zh: "ID" }
    BlocksColPort { en: "Port", zh: "端口" }
    BlocksColKind { en: "Kind", zh: "类型" }
    BlocksColLasts { en: "Lasts", zh: "期限" }
    RestoreDone(1) {
        en: "Put back {0} {0|block|blocks} kept with --always.",
        zh: "已恢复 {0} 个用 --always 保留的阻止。",
    }
    RestoreNothing {
        en: "Nothing to put back: every block kept with --always is in force.",
        zh: "无需恢复：所有用 --always 保留的阻止都已生效。",
    }
    BlockedByPortScope(1) { en: "Blocked by PortScope {0}.", zh: "已被 PortScope 阻止：{0}。" }
    BlockButtonHour { en: "Block for 1 hour", zh: "阻止 1 小时" }
    BlockButtonRestart { en: "Block until restart", zh: "阻止到重启" }
    BlockButtonRestartTip { en: "Lifted when the computer restarts.", zh: "电脑重新启动时解除。" }
    BlockButtonAlways { en: "Block always", zh: "永久阻止" }
    BlockButtonAlwaysTip {
        en: "Also after a restart: on Linux the portscope-blocks service of the .deb puts it back at boot; on Windows the firewall keeps it.",
        zh: "重启后仍然有效：Linux 上由 .deb 的开机服务 portscope-blocks 恢复；Windows 上由防火墙保留。",
    }
    BlockedPortsButton { en: "Blocked ports…", zh: "已阻止的端口…" }
    BlockedPortsTitle { en: "Blocked ports", zh: "已阻止的端口" }
    BlockedPortsRefresh { en: "Read from the firewall", zh: "从防火墙读取" }
    BlockUnblockButton { en: "Unblock", zh: "解除阻止" }
    BlockUndo { en: "Undo", zh: "撤销" }
    BlockWorking {
        en: "Working… (the system may ask for the administrator password)",
        zh: "正在处理……（系统可能会请求管理员密码）",
    }
    BlockConfirmTitle { en: "Block this port?", zh: "要阻止这个端口吗？" }
    BlockConfirmButton { en: "Block", zh: "阻止" }
    BlockedPortsIntro(1) {
        en: "PortScope made these rules in {0}: incoming connections to these ports are dropped. Unblock lifts one; timed ones lift by themselves.",
        zh: "这些规则是 PortScope 在 {0} 中建立的：发往这些端口的传入连接会被丢弃。点“解除阻止”即可撤销；限时的阻止到时会自动解除。",
    }
    BlockedPortLabel(2) { en: "{0} port {1}", zh: "{0} 端口 {1}" }
    // --- issue 16: signatures ---
    RuleSignatureTitle { en: "Program's signature does not verify", zh: "程序的数字签名验证失败" }
    RuleSignatureDetail(2) {
        en: "The program's file ({0}) is signed, but the signature does not verify ({1}): the file was changed after it was signed, or its certificate was revoked or is distrusted.",
        zh: "程序文件（{0}）带有签名，但签名验证失败（{1}）：文件在签名之后被改动过，或者其证书已被吊销或被明确列为不信任。",
    }
    AdviceSignature {
        en: "Unless you know why, end the program and reinstall it from its publisher. A signed program that no longer matches its signature has been tampered with or damaged.",
        zh: "除非你知道原因，否则请结束该程序，并从发布者处重新安装。已签名的程序与其签名不再相符，说明它被篡改或已损坏。",
    }
    OriginSignatureInvalid(1) { en: "{0} ✖ signature invalid", zh: "{0} ✖ 签名无效" }
    OriginNotSigned { en: "not signed", zh: "未签名" }
    DetailsSigned(1) { en: "✔ signed by {0}", zh: "✔ 由 {0} 签名" }
    DetailsSignedCatalog(1) { en: "✔ signed by {0} (system catalog)", zh: "✔ 由 {0} 签名（系统目录）" }
    DetailsSignatureInvalid(2) {
        en: "✖ signed by {0}, but the signature does not verify: {1}",
        zh: "✖ 由 {0} 签名，但签名验证失败：{1}",
    }
    DetailsUnsigned {
        en: "Not signed (no signature in the file or in a system catalog)",
        zh: "未签名（文件和系统目录中都没有签名）",
    }
    DetailsSignatureUnknown(1) { en: "The signature could not be checked: {0}", zh: "无法检查签名：{0}" }
    DetailsSignatureUntrusted(2) {
        en: "Signed by {0}, but not trusted on this computer ({1}); this alone does not mean the file was changed",
        zh: "由 {0} 签名，但在这台电脑上不受信任（{1}）；仅凭这一点不能说明文件被改动过",
    }
    DetailsSignatureChecking { en: "Checking the signature…", zh: "正在检查签名…" }
    SignatureUnsupported {
        en: "Authenticode signatures are checked on Windows only; there is nothing to check on this system.",
        zh: "Authenticode 签名只在 Windows 上检查；在这个系统上没有可检查的签名。",
    }
    SignatureCliLine(2) { en: "{0}: {1}", zh: "{0}：{1}" }
    SignerUnnamed { en: "a signer without a name", zh: "未具名的签名者" }
    // --- issue 18: autostart ---
    StartupNeedsAdmin(1) {
        en: "Changing {0} needs administrator rights; nothing was changed. Run it as root (sudo).",
        zh: "修改 {0} 需要管理员权限；没有做任何更改。请以 root 身份运行（sudo）。",
    }
    StartupNotFound(1) {
        en: "No autostart entry has the ID {0}; nothing was changed. `portscope startup --pid N` lists them.",
        zh: "没有 ID 为 {0} 的自启动项；没有做任何更改。用 `portscope startup --pid N` 列出它们。",
    }
    StartupAlreadyInert(1) {
        en: "{0} already starts nothing; nothing was changed.",
        zh: "{0} 已经不会启动任何程序；没有做任何更改。",
    }
    StartupNotDisabledByUs(1) {
        en: "PortScope has not disabled {0} (its undo journal has no record of it); nothing was changed.",
        zh: "PortScope 没有禁用过 {0}（撤销记录里没有它）；没有做任何更改。",
    }
    StartupChangedMeanwhile(1) {
        en: "{0} is no longer as PortScope read or left it (something else changed it); nothing was changed.",
        zh: "{0} 已被其他程序改动，与 PortScope 读取或留下时不同；没有做任何更改。",
    }
    StartupNotInert(1) {
        en: "After the change {0} still reads as starting the program, so the change was put back.",
        zh: "更改后 {0} 仍会启动该程序，因此已恢复原样。",
    }
    StartupNotRestored(1) {
        en: "{0} does not read back as it was; the undo record is kept, try again.",
        zh: "{0} 读回的内容与原来不同；撤销记录已保留，请重试。",
    }
    StartupJournalFailed(2) {
        en: "The undo journal {0} can't be used ({1}); nothing was changed.",
        zh: "无法使用撤销记录 {0}（{1}）；没有做任何更改。",
    }
    StartupWriteFailed(2) {
        en: "{0} could not be changed ({1}); nothing was changed.",
        zh: "无法修改 {0}（{1}）；没有做任何更改。",
    }
    StartupSystemctlFailed(1) { en: "systemctl failed: {0}", zh: "systemctl 失败：{0}" }
    StartupRecoveredNeverMade(1) {
        en: "An interrupted disabling of {0} had changed nothing; its record is dropped.",
        zh: "之前中断的禁用 {0} 没有改动任何内容；已删除其记录。",
    }
    StartupRecoveredFinished(1) {
        en: "An interrupted disabling of {0} had been made; it is recorded as done.",
        zh: "之前中断的禁用 {0} 已经完成；已记为完成。",
    }
    StartupRecoveredRolledBack(1) {
        en: "An interrupted disabling of {0} was half made; it was put back as it was.",
        zh: "之前中断的禁用 {0} 只完成了一半；已恢复原样。",
    }
    StartupRecoveredStuck(1) {
        en: "An interrupted disabling of {0} left files that are neither as before nor as after; they were left alone and the record is kept.",
        zh: "之前中断的禁用 {0} 留下的文件既不是原样也不是改后的样子；未改动它们，记录已保留。",
    }
    StartupNoJournal {
        en: "There is no config folder to keep the undo journal in, so nothing can be disabled or enabled.",
        zh: "没有可保存撤销记录的配置文件夹，因此无法禁用或启用。",
    }
    StartupNone(1) {
        en: "Nothing starts {0} automatically (read: systemd units, XDG autostart, cron @reboot, rc.local).",
        zh: "没有任何项会自动启动 {0}（已读取：systemd 单元、XDG 自启动、cron @reboot、rc.local）。",
    }
    StartupColId { en: "ID", zh: "ID" }
    StartupColKind { en: "Kind", zh: "类型" }
    StartupColEnabled { en: "Enabled", zh: "启用" }
    StartupColPath { en: "Where", zh: "位置" }
    StartupColCommand { en: "Runs", zh: "运行" }
    StartupYes { en: "yes", zh: "是" }
    StartupNo { en: "no", zh: "否" }
    StartupNoByPortScope { en: "no (PortScope)", zh: "否（PortScope）" }
    StartupUnreadable(2) { en: "Not read: {0}: {1}", zh: "未读取：{0}：{1}" }
    StartupDisablePrompt(3) { en: "Disable {0} {1}? It runs: {2}", zh: "要禁用 {0} {1} 吗？它运行：{2}" }
    StartupDisableConfirm {
        en: "Type y to disable it, anything else to cancel: ",
        zh: "输入 y 禁用，输入其他内容取消：",
    }
    StartupEnablePrompt(2) {
        en: "Enable {0} {1} again, exactly as it was?",
        zh: "要按原样重新启用 {0} {1} 吗？",
    }
    StartupEnableConfirm {
        en: "Type y to enable it, anything else to cancel: ",
        zh: "输入 y 启用，输入其他内容取消：",
    }
    StartupCancelled { en: "Cancelled; nothing was changed.", zh: "已取消；没有做任何更改。" }
    StartupDisabledDone(3) {
        en: "Disabled {0} {1}: read back, it starts nothing now. Undo: portscope startup enable {2}",
        zh: "已禁用 {0} {1}：读回确认它不再启动任何程序。撤销：portscope startup enable {2}",
    }
    StartupEnabledDone(2) {
        en: "Enabled {0} {1} again: its files read back byte for byte as they were.",
        zh: "已重新启用 {0} {1}：读回的文件与原来逐字节相同。",
    }
    StartupPidUnreadable(2) {
        en: "Can't read the program of PID {0}: {1}",
        zh: "无法读取 PID {0} 的程序：{1}",
    }
    StartupStartsFrom(1) { en: "Starts automatically: from {0}", zh: "会自动启动：来自 {0}" }
    StartupDisableButton { en: "Disable…", zh: "禁用…" }
    StartupEnableButton { en: "Enable again", zh: "重新启用" }
    StartupWillStartAgain(1) {
        en: "It will start again at login from {0}.",
        zh: "它会在登录时从 {0} 再次启动。",
    }
    StartupConfirmTitle { en: "Disable this autostart entry?", zh: "要禁用这个自启动项吗？" }
    StartupWasDisabled(1) { en: "Disabled by PortScope: {0}", zh: "已由 PortScope 禁用：{0}" }
    StartupConfirmButton { en: "Disable", zh: "禁用" }
    StartupCannotDisable(1) {
        en: "PortScope lists {0} entries but does not disable them (Task Scheduler keeps its own copy); nothing was changed. Disable it in Task Scheduler.",
        zh: "PortScope 会列出 {0} 类型的项，但不会禁用它们（任务计划程序保存着自己的副本）；没有做任何更改。请在任务计划程序中禁用它。",
    }
    // --- issue 16: network namespaces ---
    ExposureNamespace { en: "its own network namespace only", zh: "仅其所在的网络命名空间" }
    ColNetns { en: "Network namespace", zh: "网络命名空间" }
    DetailsNetns(1) {
        en: "{0}: reachable only through that namespace's own interfaces, not this computer's",
        zh: "{0}：只能通过该命名空间自己的网络接口访问，而不是本机的接口",
    }
    WarnNamespacesDenied(1) {
        en: "{0} other network namespaces could not be entered (that needs administrator rights): their sockets are not listed.",
        zh: "有 {0} 个其他网络命名空间无法进入（需要管理员权限）：其中的套接字未列出。",
    }
    WarnNamespacesUnseen(1) {
        en: "The network namespace of {0} processes could not be read: sockets in a namespace only they use are not listed.",
        zh: "无法读取 {0} 个进程所在的网络命名空间：只有这些进程使用的命名空间中的套接字未列出。",
    }
    WarnNamespaceUnread(2) {
        en: "The sockets of network namespace {0} could not be read: {1}",
        zh: "无法读取网络命名空间 {0} 中的套接字：{1}",
    }
    NetnsVanished { en: "it ended before it could be entered", zh: "它在进入之前已经结束" }
    NetnsNoAnswer(1) { en: "it did not answer within {0} s", zh: "它在 {0} 秒内没有响应" }
    NetnsBusy { en: "it is still busy with the previous poll", zh: "它仍在处理上一次轮询" }
    // --- issue 16: user and system units ---
    DetailsSystemUnit(1) { en: "System unit: {0}", zh: "系统服务单元：{0}" }
    DetailsUserUnit(2) { en: "User unit of {0}: {1}", zh: "用户 {0} 的服务单元：{1}" }
    DetailsWindowsServices(1) { en: "Windows services it hosts: {0}", zh: "它承载的 Windows 服务：{0}" }
}
