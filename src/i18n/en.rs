//! English texts.

use super::Msg;

/// Every message, for completeness tests.
#[cfg(test)]
pub(super) const ALL: &[Msg] = &[
    Msg::ColProcess,
    Msg::ColPid,
    Msg::ColProtocol,
    Msg::ColLocalAddress,
    Msg::ColLocalPort,
    Msg::ColPortClass,
    Msg::ColRemoteAddress,
    Msg::ColRemotePort,
    Msg::ColState,
    Msg::ColUser,
    Msg::ColPath,
    Msg::ColSent,
    Msg::ColReceived,
    Msg::ColRate,
    Msg::TrafficTitle,
    Msg::TrafficNoneUdp,
    Msg::TrafficNoneHere,
    Msg::TrafficNeedsAdmin,
    Msg::TrafficProgram,
    Msg::TrafficProgramTotal,
    Msg::TrafficGraphTitle,
    Msg::TrafficGraphWaiting,
    Msg::TrafficGraphQuiet,
    Msg::TrafficGraphPeak,
    Msg::ClassWellKnown,
    Msg::ClassRegistered,
    Msg::ClassDynamic,
    Msg::SearchHint,
    Msg::SearchLabel,
    Msg::FilterAll,
    Msg::FilterListening,
    Msg::FilterEstablished,
    Msg::FilterTcp,
    Msg::FilterUdp,
    Msg::FilterBothProtocols,
    Msg::HideLoopback,
    Msg::HideLoopbackTip,
    Msg::Pause,
    Msg::Resume,
    Msg::PauseTip,
    Msg::RefreshNow,
    Msg::RefreshTip,
    Msg::IntervalLabel,
    Msg::IntervalTip,
    Msg::Export,
    Msg::ExportTip,
    Msg::StatusTotals,
    Msg::StatusShown,
    Msg::StatusUpdated,
    Msg::StatusPaused,
    Msg::StatusWaiting,
    Msg::StatusNoAdmin,
    Msg::WarnOwnersHidden,
    Msg::WarnForeignProc,
    Msg::WarnSocketsUnavailable,
    Msg::WarnProcessTableUnavailable,
    Msg::DetailsTitle,
    Msg::DetailsNothingSelected,
    Msg::DetailsProgram,
    Msg::DetailsCommandLine,
    Msg::DetailsStarted,
    Msg::DetailsParent,
    Msg::DetailsOwners,
    Msg::DetailsSocket,
    Msg::DetailsOwnerHidden,
    Msg::DetailsOwnerElsewhere,
    Msg::DetailsUnknown,
    Msg::DetailsNoPeer,
    Msg::MenuEndProgram,
    Msg::MenuCopyRow,
    Msg::MenuCopyPath,
    Msg::KillTitle,
    Msg::KillQuestion,
    Msg::KillPorts,
    Msg::KillCriticalWarning,
    Msg::KillConfirm,
    Msg::KillCancel,
    Msg::KillForce,
    Msg::KillWorking,
    Msg::KillClose,
    Msg::KillEnded,
    Msg::KillAlreadyGone,
    Msg::KillPermissionDenied,
    Msg::KillStillRunning,
    Msg::KillPortClosed,
    Msg::KillFailed,
    Msg::RefuseProtectedPid,
    Msg::RefuseSelf,
    Msg::RefuseKernelThread,
    Msg::RefusePidReused,
    Msg::RefuseOtherPidNamespace,
    Msg::RefuseNoOwner,
    Msg::ExportTitle,
    Msg::ExportFormat,
    Msg::ExportScopeShown,
    Msg::ExportScopeAll,
    Msg::ExportPathLabel,
    Msg::ExportChoose,
    Msg::ExportSave,
    Msg::ExportSaved,
    Msg::ExportFailed,
    Msg::ExportNoDialog,
    Msg::ReportTitle,
    Msg::ReportGenerated,
    Msg::ReportHost,
    Msg::ReportVersion,
    Msg::ReportRows,
    Msg::ReportWarnings,
    Msg::Yes,
    Msg::No,
    Msg::NoRowsMatch,
    Msg::EmptyValue,
    Msg::MarkNew,
    Msg::MarkChanged,
    Msg::MarkClosed,
    Msg::ClosedRowNote,
    Msg::ToastNewListener,
    Msg::ToastFlagged,
    Msg::ToastSummary,
    Msg::ToastTip,
    Msg::EventLogButton,
    Msg::EventLogTitle,
    Msg::EventLogCounts,
    Msg::EventLogExportCsv,
    Msg::EventLogExportJson,
    Msg::EventLogFileLabel,
    Msg::EventLogFileStart,
    Msg::EventLogFileStop,
    Msg::EventLogFileOn,
    Msg::EventLogFileFailed,
    Msg::ColTime,
    Msg::ColEvent,
    Msg::ColStateChange,
    Msg::BaselineRemember,
    Msg::BaselineRememberTip,
    Msg::BaselineFilter,
    Msg::BaselineFilterTip,
    Msg::BaselineSaved,
    Msg::StatusSinceStart,
    Msg::StatusFlaggedNow,
    Msg::OwnerHiddenLabel,
    Msg::RiskPortOnlyTip,
    Msg::StateListen,
    Msg::StateSynSent,
    Msg::StateSynReceived,
    Msg::StateEstablished,
    Msg::StateFinWait1,
    Msg::StateFinWait2,
    Msg::StateCloseWait,
    Msg::StateClosing,
    Msg::StateLastAck,
    Msg::StateTimeWait,
    Msg::StateClosed,
    Msg::ColumnsMenuTitle,
    Msg::FirewallOthers,
    Msg::FirewallActive,
    Msg::HelpButton,
    Msg::HelpShortcuts,
    Msg::HelpAbout,
    Msg::AboutTitle,
    Msg::AboutWhat,
    Msg::AboutLicence,
    Msg::AboutDataTitle,
    Msg::AboutDataAsn,
    Msg::AboutDataCountry,
    Msg::AboutDataOffline,
    Msg::HelpShowWelcome,
    Msg::ShortcutsTitle,
    Msg::ShortcutSearch,
    Msg::ShortcutMove,
    Msg::ShortcutEnd,
    Msg::ShortcutConfirm,
    Msg::ShortcutCancel,
    Msg::ShortcutPause,
    Msg::ShortcutRefresh,
    Msg::ShortcutLog,
    Msg::ShortcutQuit,
    Msg::ShortcutColumns,
    Msg::CloseButton,
    Msg::WelcomeTitle,
    Msg::WelcomeRows,
    Msg::WelcomeRisk,
    Msg::WelcomeChanges,
    Msg::WelcomeSteps,
    Msg::WelcomeDismiss,
    Msg::EventLogOrder,
    Msg::ReportFilter,
    Msg::ReportFilterNone,
    Msg::ReportFilterSearch,
    Msg::BannerOwnersHidden,
    Msg::RestartAsAdmin,
    Msg::RestartAsAdminTip,
    Msg::OpenReport,
    Msg::OpenFolder,
    Msg::OpenFailed,
    Msg::SettingsNoNotifications,
    Msg::ThemeLabel,
    Msg::ThemeSystem,
    Msg::ThemeLight,
    Msg::ThemeDark,
    Msg::SettingsButton,
    Msg::SettingsHighlight,
    Msg::SettingsHighlightSeconds,
    Msg::SettingsAlertListeners,
    Msg::SettingsAlertFlagged,
    Msg::SettingsDesktop,
    Msg::SettingsDesktopListeners,
    Msg::NotifyTitle,
    Msg::ReportNoFlagged,
    Msg::ReportFlaggedTitle,
    Msg::ColRisk,
    Msg::ColService,
    Msg::ColExposure,
    Msg::LevelNone,
    Msg::LevelInfo,
    Msg::LevelLow,
    Msg::LevelMedium,
    Msg::LevelHigh,
    Msg::ExposureLoopback,
    Msg::ExposureLocalNetwork,
    Msg::ExposureAllInterfaces,
    Msg::ScopeLoopback,
    Msg::ScopePrivate,
    Msg::ScopeShared,
    Msg::ScopeLinkLocal,
    Msg::ScopeMulticast,
    Msg::ScopeDocumentation,
    Msg::ScopeReserved,
    Msg::ScopePublic,
    Msg::DetailsNetwork,
    Msg::DetailsNetworkAs,
    Msg::FilterFlagged,
    Msg::FilterFlaggedTip,
    Msg::RuleBackdoorTitle,
    Msg::RuleBackdoorDetail,
    Msg::RuleRiskyServiceTitle,
    Msg::RuleRiskyServiceDetail,
    Msg::RuleAllInterfacesTitle,
    Msg::RuleAllInterfacesDetail,
    Msg::RuleTempDirTitle,
    Msg::RuleTempDirDetail,
    Msg::RuleDeletedTitle,
    Msg::RuleDeletedDetail,
    Msg::RuleSpoofingTitle,
    Msg::RuleSpoofingDetailChars,
    Msg::RuleSpoofingDetailPath,
    Msg::RuleUnexpectedOwnerTitle,
    Msg::RuleUnexpectedOwnerDetail,
    Msg::RuleOwnerUnknownTitle,
    Msg::RuleOwnerUnknownDetail,
    Msg::AdviceBackdoor,
    Msg::AdviceRiskyService,
    Msg::AdviceAllInterfaces,
    Msg::AdviceTempDir,
    Msg::AdviceDeleted,
    Msg::AdviceSpoofing,
    Msg::AdviceUnexpectedOwner,
    Msg::AdviceOwnerUnknown,
    Msg::DetailsService,
    Msg::DetailsAbout,
    Msg::DetailsFindings,
    Msg::DetailsNoFindings,
    Msg::DetailsExposure,
    Msg::TrustMark,
    Msg::TrustMarkTip,
    Msg::TrustUnmark,
    Msg::TrustedBadge,
    Msg::TrustNoPath,
    Msg::TrustSaveFailed,
    Msg::FirewallTitle,
    Msg::FirewallNote,
    Msg::FirewallCopy,
    Msg::ExplainNoEntry,
    Msg::ExplainSystemName,
    Msg::ExplainUsualOwners,
    Msg::ExplainExposedRisk,
    Msg::ExplainBackdoor,
    Msg::ExplainCategory,
    Msg::TrustNotSavedNotTrusted,
    Msg::TrustNotSavedStillTrusted,
    Msg::FormatHtml,
    Msg::FormatJson,
    Msg::FormatCsv,
    Msg::WindowTitle,
    Msg::Dismiss,
    Msg::TrustReadFailed,
    Msg::TrustCorrupt,
    Msg::BaselineReadFailed,
    Msg::BaselineCorrupt,
    Msg::BaselineSaveFailed,
    Msg::SettingsReadFailed,
    Msg::SettingsCorrupt,
    Msg::SettingsSymlink,
    Msg::SettingsSaveFailed,
    Msg::ConfigDirLinked,
    Msg::ConfigDirForeign,
    Msg::ConfigDirInstead,
    Msg::ConfigDirNotSaved,
    Msg::LogFileFailed,
    Msg::CliNoSuchPid,
    Msg::CliNoOwner,
    Msg::CliOwnerHidden,
    Msg::CliOpenNoHolder,
    Msg::CliManyHolders,
    Msg::CliHolderLine,
    Msg::CliPrompt,
    Msg::CliHoldsPorts,
    Msg::CliConfirm,
    Msg::CliCancelled,
    Msg::CliPortStillOpen,
    Msg::CliPortClosed,
    Msg::CloseNeedsAdmin,
    Msg::CloseUnsupported,
    Msg::CloseIpv6Unsupported,
    Msg::CloseNotFound,
    Msg::CliCloseNoConnection,
    Msg::CliClosePrompt,
    Msg::CliCloseConfirm,
    Msg::CliCloseCancelled,
    Msg::CliCloseDone,
    Msg::CliCloseStillOpen,
    Msg::DetailsNothingUnusual,
    Msg::ActionCloseConnection,
    Msg::ActionBlockPort,
    Msg::TipEndProgram,
    Msg::TipEndClosed,
    Msg::TipEndHidden,
    Msg::TipEndNoOwner,
    Msg::TipEndProtected,
    Msg::TipCloseConnection,
    Msg::TipBlockPort,
    Msg::DetailsShowAll,
    Msg::DetailsShowLess,
    Msg::CloseDialogTitle,
    Msg::CloseDialogBody,
    Msg::CloseDialogConfirm,
    Msg::ServiceBackdoor,
    Msg::RuleUpdatedTitle,
    Msg::RuleUpdatedDetail,
    Msg::AdviceUpdated,
    Msg::UnknownProgram,
    Msg::CliUseForce,
    Msg::CliCriticalWarning,
    Msg::RestartElevatedFailed,
    // --- issue 16: provenance ---
    Msg::RuleModifiedTitle,
    Msg::RuleModifiedDetail,
    Msg::AdviceModified,
    Msg::ColOrigin,
    Msg::OriginVerified,
    Msg::OriginModified,
    Msg::OriginChecking,
    Msg::OriginNoPackage,
    Msg::OriginLookingUp,
    Msg::OriginUnknown,
    Msg::DetailsOriginHeading,
    Msg::DetailsPackage,
    Msg::DetailsVerified,
    Msg::DetailsModified,
    Msg::DetailsNotChecked,
    Msg::DetailsContainer,
    Msg::DetailsStartedBy,
    // --- issue 17: reverse DNS ---
    Msg::SettingsResolveNames,
    Msg::SettingsResolveNamesTip,
    Msg::FilterInternet,
    Msg::FilterInternetTip,
    Msg::DetailsHost,
    Msg::HostVerified,
    Msg::HostUnverified,
    Msg::WarnLookupsSkipped,
    // --- issue 18: blocking ---
    Msg::UnitDays,
    Msg::UnitHours,
    Msg::UnitMinutes,
    Msg::UnitSeconds,
    Msg::BlockLastsFor,
    Msg::BlockLastsUntilRestart,
    Msg::BlockLastsAlways,
    Msg::BlockKindTimed,
    Msg::BlockKindUntilRestart,
    Msg::BlockKindAlways,
    Msg::BlockNeedsNft,
    Msg::BlockNeedsAdmin,
    Msg::BlockUnsupported,
    Msg::BlockRefused,
    Msg::BlockNotBlocked,
    Msg::BlockBusy,
    Msg::BlockStateFailed,
    Msg::BlockNotReadBack,
    Msg::BlockElevationFailed,
    Msg::BlocksRecordedNotInForce,
    Msg::BlocksTableChanged,
    Msg::BlocksLiftedNow,
    Msg::BlocksStateUnreadable,
    Msg::BlockPrompt,
    Msg::BlockConfirm,
    Msg::BlockCancelled,
    Msg::BlockDone,
    Msg::BlockUndoHint,
    Msg::BlockTimedByKernel,
    Msg::BlockExpiryByPortScope,
    Msg::BlockAlwaysKept,
    Msg::BlockAlwaysNoBootUnit,
    Msg::BlockBesideOthers,
    Msg::BlockAskingPassword,
    Msg::UnblockPrompt,
    Msg::UnblockPromptShort,
    Msg::UnblockConfirm,
    Msg::UnblockCancelled,
    Msg::UnblockDone,
    Msg::BlocksNone,
    Msg::BlocksColId,
    Msg::BlocksColPort,
    Msg::BlocksColKind,
    Msg::BlocksColLasts,
    Msg::RestoreDone,
    Msg::RestoreNothing,
    Msg::BlockedByPortScope,
    Msg::BlockButtonHour,
    Msg::BlockButtonRestart,
    Msg::BlockButtonRestartTip,
    Msg::BlockButtonAlways,
    Msg::BlockButtonAlwaysTip,
    Msg::BlockedPortsButton,
    Msg::BlockedPortsTitle,
    Msg::BlockedPortsRefresh,
    Msg::BlockUnblockButton,
    Msg::BlockUndo,
    Msg::BlockWorking,
    Msg::BlockConfirmTitle,
    Msg::BlockConfirmButton,
    // --- issue 16: network namespaces ---
    Msg::ExposureNamespace,
    Msg::ColNetns,
    Msg::DetailsNetns,
    Msg::WarnNamespacesDenied,
    Msg::WarnNamespacesUnseen,
    Msg::WarnNamespaceUnread,
    Msg::NetnsVanished,
    Msg::NetnsNoAnswer,
    Msg::NetnsBusy,
    // --- issue 16: user and system units ---
    Msg::DetailsSystemUnit,
    Msg::DetailsUserUnit,
    Msg::DetailsWindowsServices,
];

/// The English text of `msg`.
// A lookup table, one arm per message: splitting it would only scatter the catalogue.
#[allow(clippy::too_many_lines)]
pub(super) fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::ColProcess => "Program",
        Msg::ColPid => "PID",
        Msg::ColProtocol => "Protocol",
        Msg::ColLocalAddress => "Local address",
        Msg::ColLocalPort => "Local port",
        Msg::ColPortClass => "Port class",
        Msg::ColRemoteAddress => "Remote address",
        Msg::ColRemotePort => "Remote port",
        Msg::ColState => "State",
        Msg::ColUser => "User",
        Msg::ColPath => "Path",
        Msg::ColSent => "Sent",
        Msg::ColReceived => "Received",
        Msg::ColRate => "Rate ↑ ↓",
        Msg::TrafficTitle => "Traffic",
        Msg::TrafficNoneUdp => "not counted: UDP has no per-connection counters",
        Msg::TrafficNoneHere => "not counted for this socket (the system gives no count)",
        Msg::TrafficNeedsAdmin => {
            "needs administrator rights: Windows counts a connection's bytes only for an administrator"
        }
        Msg::TrafficProgram => "This program",
        Msg::TrafficProgramTotal => "{0} sent, {1} received over {2} connections",
        Msg::TrafficGraphTitle => "Since selected:",
        Msg::TrafficGraphWaiting => "waiting for the next poll…",
        Msg::TrafficGraphQuiet => "nothing sent or received since selected",
        Msg::TrafficGraphPeak => "highest: {0}",
        Msg::ClassWellKnown => "well-known",
        Msg::ClassRegistered => "registered",
        Msg::ClassDynamic => "dynamic",
        Msg::SearchHint => "program, port, address, user…  (Ctrl+F)",
        Msg::SearchLabel => "🔍 Search",
        Msg::FilterAll => "All",
        Msg::FilterListening => "Listening",
        Msg::FilterEstablished => "Connected",
        Msg::FilterTcp => "TCP",
        Msg::FilterUdp => "UDP",
        Msg::FilterBothProtocols => "TCP + UDP",
        Msg::HideLoopback => "Hide this-computer-only",
        Msg::HideLoopbackTip => "Hide sockets on 127.0.0.1 / ::1 that other computers cannot reach",
        Msg::Pause => "⏸ Pause",
        Msg::Resume => "▶ Resume",
        Msg::PauseTip => "Stop or restart live updates (Space)",
        Msg::RefreshNow => "⟳ Refresh",
        Msg::RefreshTip => "Read all ports again now (F5)",
        Msg::IntervalLabel => "Update every",
        Msg::IntervalTip => "How often the list is read again",
        Msg::Export => "💾 Export…",
        Msg::ExportTip => "Save what you see as CSV, JSON or an HTML report",
        Msg::StatusTotals => "{0} sockets · {1} listening · {2} connected",
        Msg::StatusShown => "{0} shown",
        Msg::StatusUpdated => "Updated {0}",
        Msg::StatusPaused => "Paused",
        Msg::StatusWaiting => "Reading ports…",
        Msg::StatusNoAdmin => "Not running as administrator",
        Msg::WarnOwnersHidden => {
            "Owners of {0} sockets are hidden: run as administrator (sudo) to see them."
        }
        Msg::WarnForeignProc => {
            "The /proc that PortScope reads belongs to another PID namespace (it calls PortScope PID {0}, PortScope is PID {1} in its own): the programs and PIDs shown are that namespace's, and PortScope refuses to end one that lives outside its own namespace."
        }
        Msg::WarnSocketsUnavailable => "Could not list sockets: {0}",
        Msg::WarnProcessTableUnavailable => {
            "Could not read the process table, so owners are unknown: {0}"
        }
        Msg::DetailsTitle => "Details",
        Msg::DetailsNothingSelected => {
            "Select a row to see which program owns the port and where it lives."
        }
        Msg::DetailsProgram => "Program",
        Msg::DetailsCommandLine => "Command line",
        Msg::DetailsStarted => "Started",
        Msg::DetailsParent => "Parent PID",
        Msg::DetailsOwners => "All owners (PIDs)",
        Msg::DetailsSocket => "Socket",
        Msg::DetailsOwnerElsewhere => {
            "No program in this computer's process list holds it. It may belong to a container (another process namespace) or to the kernel itself."
        }
        Msg::DetailsOwnerHidden => {
            "The owner is hidden: PortScope needs administrator rights to see it."
        }
        Msg::DetailsUnknown => "unknown",
        Msg::DetailsNoPeer => "none (waiting for connections)",
        Msg::MenuEndProgram => "End program…",
        Msg::MenuCopyRow => "Copy row",
        Msg::MenuCopyPath => "Copy path",
        Msg::KillTitle => "End program?",
        Msg::KillQuestion => "End “{0}” (PID {1})?",
        Msg::KillPorts => "It holds these ports, which will close:",
        Msg::KillCriticalWarning => {
            "⚠ This is a system or session program. Ending it may log you out, stop the network or crash the computer."
        }
        Msg::KillConfirm => "End program",
        Msg::KillCancel => "Cancel",
        Msg::KillForce => "Force end",
        Msg::KillWorking => "Asking the program to close…",
        Msg::KillClose => "Close",
        Msg::KillEnded => "“{0}” (PID {1}) has ended.",
        Msg::KillAlreadyGone => "“{0}” (PID {1}) had already ended.",
        Msg::KillPermissionDenied => {
            "Permission denied: ending “{0}” (PID {1}) needs administrator rights."
        }
        Msg::KillStillRunning => {
            "“{0}” (PID {1}) is still running after being asked to close. You can force it to end."
        }
        Msg::KillPortClosed => "Its ports are now closed.",
        Msg::KillFailed => "Could not end “{0}” (PID {1}): {2}",
        Msg::RefuseProtectedPid => "Refused: PID {0} is the system itself and cannot be ended.",
        Msg::RefuseSelf => "Refused: that is PortScope itself.",
        Msg::RefuseKernelThread => "Refused: PID {0} is part of the operating system kernel.",
        Msg::RefusePidReused => {
            "Refused: PID {0} now belongs to a different program than the one you saw (it was reused). Nothing was ended."
        }
        Msg::RefuseOtherPidNamespace => {
            "Refused: PID {0} belongs to another PID namespace (a container or sandbox) than PortScope's, so PortScope cannot be sure a signal would reach the program you saw. Nothing was ended. Run PortScope inside that namespace to end it."
        }
        Msg::RefuseNoOwner => "This socket has no visible owner, so there is no program to end.",
        Msg::ExportTitle => "Export",
        Msg::ExportFormat => "Format",
        Msg::ExportScopeShown => "Rows shown ({0})",
        Msg::ExportScopeAll => "All rows ({0})",
        Msg::ExportPathLabel => "Save to",
        Msg::ExportChoose => "Choose…",
        Msg::ExportSave => "Save",
        Msg::ExportSaved => "Saved {0} rows to {1}",
        Msg::ExportFailed => "Could not save to {0}: {1}",
        Msg::ExportNoDialog => "No file dialog is available here; type a path instead.",
        Msg::ReportTitle => "PortScope report",
        Msg::ReportGenerated => "Taken at",
        Msg::ReportHost => "Computer",
        Msg::ReportVersion => "PortScope version",
        Msg::ReportRows => "Sockets",
        Msg::ReportWarnings => "Warnings",
        Msg::Yes => "yes",
        Msg::No => "no",
        Msg::NoRowsMatch => "No sockets match the search and filters.",
        Msg::Dismiss => "Dismiss",
        Msg::TrustReadFailed => {
            "Could not read the trust list {0}: {1}. It was left as it is, and trust changes will not be saved until PortScope restarts."
        }
        Msg::TrustCorrupt => {
            "The trust list {0} could not be read ({1}); it was kept as {2} and PortScope started with an empty list."
        }
        Msg::BaselineReadFailed => {
            "Could not read the baseline of known ports {0}: {1}. It was left as it is, and the baseline will not be saved until PortScope restarts."
        }
        Msg::BaselineCorrupt => {
            "The baseline of known ports {0} could not be read ({1}); it was kept as {2} and PortScope started with an empty baseline."
        }
        Msg::BaselineSaveFailed => "Could not save the baseline of known ports to {0}: {1}",
        Msg::SettingsReadFailed => {
            "Could not read the settings file {0}: {1}. Default settings are used, and the file is left as it is."
        }
        Msg::SettingsCorrupt => {
            "The settings file {0} could not be read ({1}); it was kept as {2} and default settings are used."
        }
        Msg::SettingsSymlink => {
            "The settings file {0} is a symbolic link, which PortScope does not follow; the link was moved aside as {1} and default settings are used."
        }
        Msg::SettingsSaveFailed => "Could not save the settings to {0}: {1}",
        Msg::ConfigDirLinked => {
            "PortScope runs as administrator and does not use the folder {0}: {1} on its path is a symbolic link, which another user could point anywhere."
        }
        Msg::ConfigDirForeign => {
            "PortScope runs as administrator and does not use the folder {0}: {1} on its path belongs to another user, or others may change it."
        }
        Msg::ConfigDirInstead => {
            "Its settings, trust list, baseline and log are kept in {0} instead."
        }
        Msg::ConfigDirNotSaved => {
            "Nothing is read from or saved to a folder this session: settings, trust and the baseline last until PortScope closes."
        }
        Msg::LogFileFailed => {
            "Could not open the log file {0}: {1}. Warnings go to the terminal only."
        }
        Msg::WindowTitle => "PortScope — open ports and the programs behind them",
        Msg::FormatCsv => "CSV",
        Msg::FormatJson => "JSON",
        Msg::FormatHtml => "HTML report",
        Msg::ColRisk => "Risk",
        Msg::ColService => "Service",
        Msg::ColExposure => "Reachable from",
        Msg::LevelNone => "none",
        Msg::LevelInfo => "info",
        Msg::LevelLow => "low",
        Msg::LevelMedium => "medium",
        Msg::LevelHigh => "high",
        Msg::ExposureLoopback => "this computer only",
        Msg::ExposureLocalNetwork => "local network",
        Msg::ExposureAllInterfaces => "all networks",
        Msg::ScopeLoopback => "this computer",
        Msg::ScopePrivate => "private network",
        Msg::ScopeShared => "shared ISP network (carrier NAT)",
        Msg::ScopeLinkLocal => "this link only",
        Msg::ScopeMulticast => "multicast group",
        Msg::ScopeDocumentation => "documentation or test range (never a real host)",
        Msg::ScopeReserved => "reserved address",
        Msg::ScopePublic => "the internet",
        Msg::DetailsNetwork => "Other end",
        Msg::DetailsNetworkAs => "AS {0} {1}",
        Msg::FilterFlagged => "⚠ Flagged only",
        Msg::FilterFlaggedTip => "Show only sockets with a low, medium or high risk finding",
        Msg::RuleBackdoorTitle => "Known backdoor port",
        Msg::RuleBackdoorDetail => {
            "{2} port {1} is the default port of the “{0}” backdoor, and this program is not one that normally uses it. A legitimate program may also have picked this port by chance."
        }
        Msg::RuleRiskyServiceTitle => "Risky service open to the network",
        Msg::RuleRiskyServiceDetail => {
            "{0} (port {1}) is listening where other computers can reach it. This kind of service is old, unencrypted or lets anyone in without a password."
        }
        Msg::RuleAllInterfacesTitle => "Reachable from the network",
        Msg::RuleAllInterfacesDetail => {
            "It listens on {0}, so other computers can connect to it, not just this one."
        }
        Msg::RuleTempDirTitle => "Program runs from a temporary folder",
        Msg::RuleTempDirDetail => {
            "The program runs from {0}. Installed software rarely runs from temporary or download folders; malware often does."
        }
        Msg::RuleDeletedTitle => "Program file was deleted",
        Msg::RuleDeletedDetail => {
            "The program's file ({0}) was deleted after it started. Updates can cause this, but so can malware hiding its tracks."
        }
        Msg::RuleSpoofingTitle => "Name imitates a system program",
        Msg::RuleSpoofingDetailChars => {
            "The program's name contains hidden control or text-direction characters ({0}), a trick to disguise what it is."
        }
        Msg::RuleSpoofingDetailPath => {
            "It is called “{0}” like a system program, but it runs from {1}, outside the system folders."
        }
        Msg::RuleUnexpectedOwnerTitle => "Unusual program for this port",
        Msg::RuleUnexpectedOwnerDetail => {
            "Port for {0} is usually opened by {1}, but here it is “{2}”. Often harmless (another program offering the same service)."
        }
        Msg::RuleOwnerUnknownTitle => "No visible owner",
        Msg::RuleOwnerUnknownDetail => {
            "No program in this computer's process list holds this socket (socket user: {0}). It may belong to a container (another process namespace) or the kernel."
        }
        Msg::AdviceBackdoor => {
            "What you can do: if you don't recognise the program, end it and block the port; then scan the computer for malware."
        }
        Msg::AdviceRiskyService => {
            "What you can do: if you don't need it, stop the service or end the program; otherwise block the port in the firewall or make it listen on 127.0.0.1 only."
        }
        Msg::AdviceAllInterfaces => {
            "What you can do: nothing if you expect other computers to use it; otherwise block the port or configure the program to listen on this computer only."
        }
        Msg::AdviceTempDir => {
            "What you can do: if you didn't just run this yourself, end the program and scan the computer for malware."
        }
        Msg::AdviceDeleted => {
            "What you can do: if an update just ran, restart the program; otherwise end it and scan the computer."
        }
        Msg::AdviceSpoofing => {
            "What you can do: end the program and scan the computer; real system programs live in system folders."
        }
        Msg::AdviceUnexpectedOwner => {
            "What you can do: check that you installed this program; if not, end it."
        }
        Msg::AdviceOwnerUnknown => {
            "What you can do: check your containers and virtual machines; if none use this port, investigate further."
        }
        Msg::DetailsService => "Service",
        Msg::DetailsAbout => "What is this?",
        Msg::DetailsFindings => "Why it is flagged",
        Msg::DetailsNoFindings => "Nothing unusual found.",
        Msg::DetailsExposure => "Reachable from",
        Msg::TrustMark => "✔ Mark as trusted",
        Msg::TrustMarkTip => {
            "Silence this row's findings for this program on this port (saved in your settings folder)"
        }
        Msg::TrustUnmark => "Undo trust",
        Msg::TrustedBadge => "✔ trusted",
        Msg::TrustNoPath => "This program's path is unknown, so it can't be marked as trusted.",
        Msg::TrustSaveFailed => "Could not save the trust list to {0}: {1}",
        Msg::FirewallTitle => "Block this port in the firewall",
        Msg::FirewallNote => {
            "Or copy a command into a terminal with administrator rights (PortScope does not run these)."
        }
        Msg::FirewallCopy => "Copy",
        Msg::ExplainNoEntry => "PortScope has no notes on {0} port {1}.",
        Msg::ExplainSystemName => "The system's services list calls it “{0}”.",
        Msg::ExplainUsualOwners => "Usually opened by: {0}",
        Msg::ExplainExposedRisk => "Risk when open to the network: {0}",
        Msg::ExplainBackdoor => "Also a known backdoor port: {0} (source: {1})",
        Msg::ExplainCategory => "Category: {0}",
        Msg::TrustNotSavedNotTrusted => "It is not marked as trusted.",
        Msg::TrustNotSavedStillTrusted => "It is still trusted.",
        Msg::ReportFlaggedTitle => "Flagged sockets, explained",
        Msg::ReportNoFlagged => "No socket was flagged. Info notes are in the table.",
        Msg::MarkNew => "new",
        Msg::MarkChanged => "changed",
        Msg::MarkClosed => "closed",
        Msg::ClosedRowNote => {
            "This socket has closed; it stays visible for a few seconds so you can see what left."
        }
        Msg::ToastNewListener => "New listener: “{0}” on {1} port {2}",
        Msg::ToastFlagged => "{0} risk: “{1}” on {2} port {3} — {4}",
        Msg::ToastSummary => {
            "{0} new sockets at once ({1} flagged). Open the event log to see them."
        }
        Msg::ToastTip => "Click to show this row",
        Msg::EventLogButton => "📜 Event log",
        Msg::EventLogTitle => "Event log",
        Msg::EventLogCounts => "{0} events kept · {1} dropped (oldest first)",
        Msg::EventLogExportCsv => "Export CSV",
        Msg::EventLogExportJson => "Export JSON",
        Msg::EventLogFileLabel => "Also write every event to",
        Msg::EventLogFileStart => "Start logging",
        Msg::EventLogFileStop => "Stop logging",
        Msg::EventLogFileOn => "Logging every event to {0}",
        Msg::EventLogFileFailed => "Could not log events to {0}: {1}",
        Msg::ColTime => "Time",
        Msg::ColEvent => "Event",
        Msg::ColStateChange => "State",
        Msg::BaselineRemember => "📌 Remember current ports as known",
        Msg::BaselineRememberTip => {
            "Save today's listening ports (program + port + protocol) as your baseline"
        }
        Msg::BaselineFilter => "New since baseline",
        Msg::BaselineFilterTip => "Show only sockets that are not in your baseline of known ports",
        Msg::BaselineSaved => "Remembered {0} listening ports as known.",
        Msg::StatusSinceStart => "{0} new · {1} flagged since start",
        Msg::StatusFlaggedNow => "⚠ {0} flagged now",
        Msg::OwnerHiddenLabel => "hidden (needs administrator)",
        Msg::RiskPortOnlyTip => {
            "Judged by port only: PortScope can't see the program. Restart as administrator to check the program too."
        }
        Msg::StateListen => "LISTEN",
        Msg::StateSynSent => "SYN_SENT",
        Msg::StateSynReceived => "SYN_RECEIVED",
        Msg::StateEstablished => "ESTABLISHED",
        Msg::StateFinWait1 => "FIN_WAIT_1",
        Msg::StateFinWait2 => "FIN_WAIT_2",
        Msg::StateCloseWait => "CLOSE_WAIT",
        Msg::StateClosing => "CLOSING",
        Msg::StateLastAck => "LAST_ACK",
        Msg::StateTimeWait => "TIME_WAIT",
        Msg::StateClosed => "CLOSED",
        Msg::ColumnsMenuTitle => "Columns to show",
        Msg::FirewallOthers => "Other firewalls",
        Msg::FirewallActive => "(active on this computer)",
        Msg::HelpButton => "❓ Help",
        Msg::HelpShortcuts => "Keyboard shortcuts",
        Msg::HelpAbout => "About PortScope",
        Msg::AboutTitle => "About PortScope",
        Msg::AboutWhat => {
            "Shows every open network port on this computer, the program behind it, and whether anything looks wrong."
        }
        Msg::AboutLicence => "Free software, licence: {0}.",
        Msg::AboutDataTitle => "Where the other end's network and country come from",
        Msg::AboutDataAsn => {
            "Network operators (AS numbers and names): IP to ASN Lite by DB-IP (db-ip.com) and the IP to AS Number data of Route Views (routeviews.org), both under CC BY 4.0."
        }
        Msg::AboutDataCountry => {
            "Countries: geo-whois-asn-country (CC0), built from the statistics of the Number Resource Organization (nro.net), CC BY 4.0."
        }
        Msg::AboutDataOffline => {
            "The table ships with PortScope; it never asks the network. The packages it was made from:"
        }
        Msg::HelpShowWelcome => "Show the introduction again",
        Msg::ShortcutsTitle => "Keyboard shortcuts",
        Msg::ShortcutSearch => "Search all columns",
        Msg::ShortcutMove => "Move the selection up or down",
        Msg::ShortcutEnd => "End the selected program (asks first)",
        Msg::ShortcutConfirm => "Confirm the open dialog",
        Msg::ShortcutCancel => "Cancel the open dialog",
        Msg::ShortcutPause => "Pause or resume live updates",
        Msg::ShortcutRefresh => "Refresh now",
        Msg::ShortcutLog => "Show or hide the event log",
        Msg::ShortcutQuit => "Quit PortScope",
        Msg::ShortcutColumns => "Right-click a column title: choose the columns",
        Msg::CloseButton => "Close",
        Msg::WelcomeTitle => "Welcome to PortScope",
        Msg::WelcomeRows => {
            "Each row is a network port that a program on this computer has open. “Listening” means it waits for other programs or computers to connect; “Connected” means it is talking to one right now."
        }
        Msg::WelcomeRisk => {
            "The Risk column says what deserves a look: ℹ info only explains, ● low, ▲ medium and ⚠ high are worth checking. Every colour comes with a word."
        }
        Msg::WelcomeChanges => {
            "Rows tinted green are new, yellow changed, and red (struck through) have just closed."
        }
        Msg::WelcomeSteps => {
            "Look, judge, close: select a row to see which program it is and why it was flagged; the buttons at the top of the details end the program, close the connection or show how to block the port."
        }
        Msg::WelcomeDismiss => "Got it",
        Msg::EventLogOrder => "Newest first; within one update: closed, changed, then opened.",
        Msg::ReportFilter => "Filter",
        Msg::ReportFilterNone => "all sockets, no filter",
        Msg::ReportFilterSearch => "search “{0}”",
        Msg::BannerOwnersHidden => {
            "Owners of {0} sockets are hidden because PortScope isn't running as administrator."
        }
        Msg::RestartAsAdmin => "Restart as administrator",
        Msg::RestartAsAdminTip => {
            "Opens PortScope again with administrator rights (asks for your password) and closes this window."
        }
        Msg::ThemeLabel => "Theme",
        Msg::OpenReport => "Open report",
        Msg::OpenFolder => "Open folder",
        Msg::OpenFailed => "Could not open {0}: {1}",
        Msg::SettingsNoNotifications => {
            "No notification service answered: desktop notifications can't be shown here."
        }
        Msg::ThemeSystem => "Follow the system",
        Msg::ThemeLight => "Light",
        Msg::ThemeDark => "Dark",
        Msg::SettingsButton => "⚙ Settings",
        Msg::SettingsHighlight => "Highlight changes (new green, changed yellow, closed red)",
        Msg::SettingsHighlightSeconds => "Highlight lasts (seconds)",
        Msg::SettingsAlertListeners => "Alert me about new listening ports",
        Msg::SettingsAlertFlagged => "Alert me about new risky sockets (medium or high)",
        Msg::SettingsDesktop => "Also send desktop notifications",
        Msg::SettingsDesktopListeners => "Desktop notifications for new listening ports too",
        Msg::NotifyTitle => "PortScope alert",
        Msg::EmptyValue => "—",
        Msg::CliNoSuchPid => "No running process has PID {0}.",
        Msg::CliNoOwner => "No program holds {0} port {1}.",
        Msg::CliOpenNoHolder => {
            "{0} port {1} is open, but no program holds it (the socket may be in flight between programs inside a message, or kept by the kernel), so there is no program to end."
        }
        Msg::CliOwnerHidden => {
            "{0} port {1} is open, but its owner is hidden: run as administrator (sudo) to end it."
        }
        Msg::CliManyHolders => "{0} port {1} is held by {2} processes; all of them will be ended:",
        Msg::CliHolderLine => "  “{0}” (PID {1}, {2})",
        Msg::CliPrompt => "End “{0}” (PID {1}, {2})?",
        Msg::CliHoldsPorts => "It holds: {0}",
        Msg::CliConfirm => "Type y to end it, anything else to cancel: ",
        Msg::CliCancelled => "Cancelled; nothing was ended.",
        Msg::CliPortStillOpen => "{0} port {1} is still open (another program may hold it).",
        Msg::CliPortClosed => "{0} port {1} is now closed.",
        Msg::CloseNeedsAdmin => {
            "Closing a single connection needs administrator rights (run with sudo)."
        }
        Msg::CloseUnsupported => "This system can't close single connections.",
        Msg::CloseIpv6Unsupported => "This system can only close IPv4 connections, not IPv6 ones.",
        Msg::CloseNotFound => "The connection no longer exists (it may have closed already).",
        Msg::CliCloseNoConnection => "No established TCP connection from {0} to {1}.",
        Msg::CliClosePrompt => {
            "Close the connection {0} → {1} of “{2}” (PID {3})? The program keeps running."
        }
        Msg::CliCloseConfirm => "Type y to close it, anything else to cancel: ",
        Msg::CliCloseCancelled => "Cancelled; the connection is still open.",
        Msg::CliCloseDone => "Closed the connection {0} → {1}; the program keeps running.",
        Msg::CliCloseStillOpen => "The connection {0} → {1} is still open.",
        Msg::DetailsNothingUnusual => "Nothing unusual found.",
        Msg::ActionCloseConnection => "Close connection",
        Msg::ActionBlockPort => "Block port…",
        Msg::TipEndProgram => {
            "Ask the program to close; PortScope checks first that it is still the same program."
        }
        Msg::TipEndClosed => "This socket has already closed; there is nothing left to end.",
        Msg::TipEndHidden => {
            "The owner is hidden because PortScope isn't running as administrator. Restart as administrator to end it."
        }
        Msg::TipEndNoOwner => {
            "No program owns this socket that PortScope can see (it may belong to a container or the kernel)."
        }
        Msg::TipEndProtected => {
            "PortScope never ends this process (it is the system's first process or PortScope itself)."
        }
        Msg::TipCloseConnection => "Drop just this connection; the program keeps running.",
        Msg::TipBlockPort => {
            "Block this port in the firewall, for a time or always, or copy the commands."
        }
        Msg::DetailsShowAll => "show all",
        Msg::DetailsShowLess => "show less",
        Msg::CloseDialogTitle => "Close this connection?",
        Msg::CloseDialogBody => {
            "Close the connection {0} → {1} of “{2}” (PID {3})? The program keeps running; it sees the connection as reset."
        }
        Msg::CloseDialogConfirm => "Close connection",
        Msg::ServiceBackdoor => "{0} trojan port",
        Msg::RuleUpdatedTitle => "Program updated since it started",
        Msg::RuleUpdatedDetail => {
            "The file this program was started from ({0}) has been replaced by a newer one, as a package update does. The running program is still the old version."
        }
        Msg::AdviceUpdated => {
            "Restart the program to use the new version; this alone is not a sign of malware."
        }
        Msg::UnknownProgram => "unknown program",
        Msg::CliUseForce => "Run again with --force to end it at once.",
        Msg::CliCriticalWarning => {
            "Warning: this is a system or session program; ending it may log you out or break the system."
        }
        Msg::RestartElevatedFailed => {
            "Could not restart PortScope with administrator rights ({0}). You can start it that way yourself: {1}"
        }
        // --- issue 16: provenance ---
        Msg::RuleModifiedTitle => "Program differs from its package",
        Msg::RuleModifiedDetail => {
            "The running program ({0}) belongs to the package {1}, but it is not the file that package installed: the package recorded the checksum {2}, the running image has {3}. Something changed it after it was installed."
        }
        Msg::AdviceModified => {
            "Unless you changed it yourself, end the program and reinstall the package to restore the original file; then find out who changed it."
        }
        Msg::ColOrigin => "Comes from",
        Msg::OriginVerified => "{0} ✔",
        Msg::OriginModified => "{0} ✖ modified",
        Msg::OriginChecking => "{0} (checking…)",
        Msg::OriginNoPackage => "not from a package",
        Msg::OriginLookingUp => "checking…",
        Msg::OriginUnknown => "unknown",
        Msg::DetailsOriginHeading => "Where it comes from",
        Msg::DetailsPackage => "Package: {0} {1} ({2})",
        Msg::DetailsVerified => "✔ exactly as installed by {0}",
        Msg::DetailsModified => "✖ not the file {0} installed: expected {1}, running {2}",
        Msg::DetailsNotChecked => "the file could not be compared with the package's record",
        Msg::DetailsContainer => "Container: {0} {1}",
        Msg::DetailsStartedBy => "started by: {0}",
        // --- issue 17: reverse DNS ---
        Msg::SettingsResolveNames => "Look up the host names of remote addresses (reverse DNS)",
        Msg::SettingsResolveNamesTip => {
            "Each lookup tells your DNS server which addresses this computer talks to."
        }
        Msg::FilterInternet => "Talking to the internet",
        Msg::FilterInternetTip => {
            "Only connections whose other end is a public internet address (not this computer, not the local network)"
        }
        Msg::DetailsHost => "Host name",
        Msg::HostVerified => "{0} (verified: the name leads back to this address)",
        Msg::HostUnverified => {
            "{0} (not verified: the name does not lead back to this address, so it is only what the address's owner claims)"
        }
        Msg::WarnLookupsSkipped => {
            "The host names of {0} addresses were not looked up: too many new addresses at once."
        }
        // --- issue 18: blocking ---
        Msg::UnitDays => "{0} d",
        Msg::UnitHours => "{0} h",
        Msg::UnitMinutes => "{0} min",
        Msg::UnitSeconds => "{0} s",
        Msg::BlockLastsFor => "for {0}, until {1}",
        Msg::BlockLastsUntilRestart => "until the computer restarts",
        Msg::BlockLastsAlways => "always",
        Msg::BlockKindTimed => "for a time",
        Msg::BlockKindUntilRestart => "until restart",
        Msg::BlockKindAlways => "always",
        Msg::BlockNeedsNft => {
            "Blocking needs nftables (nft), which is not installed (sudo apt install nftables); PortScope does not use legacy iptables. Nothing was changed."
        }
        Msg::BlockNeedsAdmin => {
            "Blocking a port needs administrator rights. Nothing was changed. Run it with sudo, or in a desktop session, where PortScope asks for the password."
        }
        Msg::BlockUnsupported => {
            "PortScope can't block ports on this system yet (macOS: not yet). Nothing was changed. The Block port… dialog shows the pf command to do it by hand."
        }
        Msg::BlockRefused => "The firewall refused the change: {0}. Nothing was changed.",
        Msg::BlockNotBlocked => "{0} port {1} is not blocked by PortScope; nothing was changed.",
        Msg::BlockBusy => {
            "Another PortScope is changing blocks right now ({0}); try again in a moment. Nothing was changed."
        }
        Msg::BlockStateFailed => {
            "PortScope's block list {0} can't be used: {1}. Nothing was changed."
        }
        Msg::BlockNotReadBack => {
            "After the change, the firewall does not show {0} port {1} as asked: check with portscope blocks."
        }
        Msg::BlockElevationFailed => {
            "This needs administrator rights, and getting them failed ({0}). Nothing was changed."
        }
        Msg::BlocksRecordedNotInForce => {
            "{0} port {1} is kept to be put back at boot but is not in the firewall now (was PortScope's table removed?): portscope blocks --restore puts it back, portscope unblock {2} forgets it."
        }
        Msg::BlocksTableChanged => {
            "PortScope's firewall table was changed by someone else; the next block or unblock makes it whole again."
        }
        Msg::BlocksLiftedNow => "{0} port {1} was due and has been unblocked.",
        Msg::BlocksStateUnreadable => {
            "PortScope's block list can't be read ({0}): blocks kept with --always show as until restart."
        }
        Msg::BlockPrompt => {
            "Block incoming {0} port {1} {2}? Everything that arrives at it, from the network or from this computer, is dropped; the program listening on it keeps running."
        }
        Msg::BlockConfirm => "Type y to block it, anything else to cancel: ",
        Msg::BlockCancelled => "Cancelled; nothing was blocked.",
        Msg::BlockDone => "Blocked incoming {0} port {1} {2} (read back from {3}).",
        Msg::BlockUndoHint => "Undo: portscope unblock {0}",
        Msg::BlockTimedByKernel => {
            "The firewall lifts it by itself at that time, even if PortScope is not running."
        }
        Msg::BlockExpiryByPortScope => {
            "Windows Firewall keeps its rules across restarts and has no end time: PortScope lifts this block the first time it runs after it is due."
        }
        Msg::BlockAlwaysKept => {
            "Kept in {0}; the portscope-blocks service puts it back at every boot."
        }
        Msg::BlockAlwaysNoBootUnit => {
            "Kept in {0}, but the boot service portscope-blocks is not enabled here (it comes with the .deb), so this block is not put back after a restart."
        }
        Msg::BlockBesideOthers => {
            "{0} is active too: PortScope's own table drops this port beside its rules, which are not changed."
        }
        Msg::BlockAskingPassword => {
            "This needs administrator rights: asking for the password (pkexec)…"
        }
        Msg::UnblockPrompt => "Unblock {0} port {1} (blocked {2})?",
        Msg::UnblockPromptShort => "Unblock {0} port {1}?",
        Msg::UnblockConfirm => "Type y to unblock it, anything else to cancel: ",
        Msg::UnblockCancelled => "Cancelled; the port stays blocked.",
        Msg::UnblockDone => {
            "Unblocked {0} port {1}; it accepts connections again (read back from {2})."
        }
        Msg::BlocksNone => "PortScope blocks no ports (read back from {0}).",
        Msg::BlocksColId => "ID",
        Msg::BlocksColPort => "Port",
        Msg::BlocksColKind => "Kind",
        Msg::BlocksColLasts => "Lasts",
        Msg::RestoreDone => "Put back {0} blocks kept with --always.",
        Msg::RestoreNothing => "Nothing to put back: every block kept with --always is in force.",
        Msg::BlockedByPortScope => "Blocked by PortScope {0}.",
        Msg::BlockButtonHour => "Block for 1 hour",
        Msg::BlockButtonRestart => "Block until restart",
        Msg::BlockButtonRestartTip => "Lifted when the computer restarts.",
        Msg::BlockButtonAlways => "Block always",
        Msg::BlockButtonAlwaysTip => {
            "Also after a restart: on Linux the portscope-blocks service of the .deb puts it back at boot; on Windows the firewall keeps it."
        }
        Msg::BlockedPortsButton => "Blocked ports…",
        Msg::BlockedPortsTitle => "Blocked ports",
        Msg::BlockedPortsRefresh => "Read from the firewall",
        Msg::BlockUnblockButton => "Unblock",
        Msg::BlockUndo => "Undo",
        Msg::BlockWorking => "Working… (the system may ask for the administrator password)",
        Msg::BlockConfirmTitle => "Block this port?",
        Msg::BlockConfirmButton => "Block",
        // --- issue 16: network namespaces ---
        Msg::ExposureNamespace => "its own network namespace only",
        Msg::ColNetns => "Network namespace",
        Msg::DetailsNetns => {
            "{0}: reachable only through that namespace's own interfaces, not this computer's"
        }
        Msg::WarnNamespacesDenied => {
            "{0} other network namespaces could not be entered (that needs administrator rights): their sockets are not listed."
        }
        Msg::WarnNamespacesUnseen => {
            "The network namespace of {0} processes could not be read: sockets in a namespace only they use are not listed."
        }
        Msg::WarnNamespaceUnread => "The sockets of network namespace {0} could not be read: {1}",
        Msg::NetnsVanished => "it ended before it could be entered",
        Msg::NetnsNoAnswer => "it did not answer within {0} s",
        Msg::NetnsBusy => "it is still busy with the previous poll",
        // --- issue 16: user and system units ---
        Msg::DetailsSystemUnit => "System unit: {0}",
        Msg::DetailsUserUnit => "User unit of {0}: {1}",
        Msg::DetailsWindowsServices => "Windows services it hosts: {0}",
    }
}
