//! The one message catalogue: every user-visible string is a `Msg`, looked up per `Lang`.
//! Adding a language means adding a table file beside `en.rs`; widgets never change.

mod en;
mod zh;

use std::fmt::Display;

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese (简体中文).
    Zh,
}

impl Lang {
    /// Every language the catalogue has.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The language's own name, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }

    /// Pick a language from a locale string such as `zh_CN.UTF-8` or `en-US`; unknown gives English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language of the user's system locale: `LANGUAGE`, `LC_ALL`, `LC_MESSAGES` or `LANG`
    /// (the first set and non-empty, as gettext reads them), else the OS's own setting
    /// (Windows' user locale, macOS' preferred languages), else English.
    pub fn detect() -> Lang {
        Lang::detect_with(&|name| std::env::var(name).ok(), &sys_locale::get_locale)
    }

    /// `detect` with the environment and the OS locale passed in (for tests).
    pub fn detect_with(
        var: &dyn Fn(&str) -> Option<String>,
        system: &dyn Fn() -> Option<String>,
    ) -> Lang {
        for name in ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = var(name).filter(|v| !v.is_empty()) {
                return Lang::from_locale(&v);
            }
        }
        system().map_or(Lang::En, |locale| Lang::from_locale(&locale))
    }
}

/// Every user-visible message. Templates use `{0}`, `{1}`… for arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Msg {
    // Columns
    ColProcess,
    ColPid,
    ColProtocol,
    ColLocalAddress,
    ColLocalPort,
    ColPortClass,
    ColRemoteAddress,
    ColRemotePort,
    ColState,
    ColUser,
    ColPath,
    ColSent,
    ColReceived,
    ColRate,
    TrafficTitle,
    TrafficNoneUdp,
    TrafficNoneHere,
    TrafficNeedsAdmin,
    TrafficProgram,
    TrafficProgramTotal,
    TrafficGraphTitle,
    TrafficGraphWaiting,
    TrafficGraphQuiet,
    TrafficGraphPeak,
    // Port classes
    ClassWellKnown,
    ClassRegistered,
    ClassDynamic,
    // Toolbar
    SearchHint,
    SearchLabel,
    FilterAll,
    FilterListening,
    FilterEstablished,
    FilterTcp,
    FilterUdp,
    FilterBothProtocols,
    HideLoopback,
    HideLoopbackTip,
    Pause,
    Resume,
    PauseTip,
    RefreshNow,
    RefreshTip,
    IntervalLabel,
    IntervalTip,
    Export,
    ExportTip,
    // Status bar
    StatusTotals,
    StatusShown,
    StatusUpdated,
    StatusPaused,
    StatusWaiting,
    StatusNoAdmin,
    // Warnings
    WarnOwnersHidden,
    WarnForeignProc,
    WarnSocketsUnavailable,
    WarnProcessTableUnavailable,
    // Details panel
    DetailsTitle,
    DetailsNothingSelected,
    DetailsProgram,
    DetailsCommandLine,
    DetailsStarted,
    DetailsParent,
    DetailsOwners,
    DetailsSocket,
    DetailsOwnerHidden,
    DetailsOwnerElsewhere,
    DetailsUnknown,
    DetailsNoPeer,
    // Context menu
    MenuEndProgram,
    MenuCopyRow,
    MenuCopyPath,
    // Kill dialog
    KillTitle,
    KillQuestion,
    KillPorts,
    KillCriticalWarning,
    KillConfirm,
    KillCancel,
    KillForce,
    KillWorking,
    KillClose,
    // Kill outcomes
    KillEnded,
    KillAlreadyGone,
    KillPermissionDenied,
    KillStillRunning,
    KillPortClosed,
    KillFailed,
    RefuseProtectedPid,
    RefuseSelf,
    RefuseKernelThread,
    RefusePidReused,
    RefuseOtherPidNamespace,
    RefuseNoOwner,
    // Export
    ExportTitle,
    ExportFormat,
    ExportScopeShown,
    ExportScopeAll,
    ExportPathLabel,
    ExportChoose,
    ExportSave,
    ExportSaved,
    ExportFailed,
    ExportNoDialog,
    ReportTitle,
    ReportGenerated,
    ReportHost,
    ReportVersion,
    ReportRows,
    ReportWarnings,
    // Risk
    ColRisk,
    ColService,
    ColExposure,
    LevelNone,
    LevelInfo,
    LevelLow,
    LevelMedium,
    LevelHigh,
    ExposureLoopback,
    ExposureLocalNetwork,
    ExposureAllInterfaces,
    ScopeLoopback,
    ScopePrivate,
    ScopeShared,
    ScopeLinkLocal,
    ScopeMulticast,
    ScopeDocumentation,
    ScopeReserved,
    ScopePublic,
    DetailsNetwork,
    DetailsNetworkAs,
    FilterFlagged,
    FilterFlaggedTip,
    RuleBackdoorTitle,
    RuleBackdoorDetail,
    RuleRiskyServiceTitle,
    RuleRiskyServiceDetail,
    RuleAllInterfacesTitle,
    RuleAllInterfacesDetail,
    RuleTempDirTitle,
    RuleTempDirDetail,
    RuleDeletedTitle,
    RuleDeletedDetail,
    RuleSpoofingTitle,
    RuleSpoofingDetailChars,
    RuleSpoofingDetailPath,
    RuleUnexpectedOwnerTitle,
    RuleUnexpectedOwnerDetail,
    RuleOwnerUnknownTitle,
    RuleOwnerUnknownDetail,
    AdviceBackdoor,
    AdviceRiskyService,
    AdviceAllInterfaces,
    AdviceTempDir,
    AdviceDeleted,
    AdviceSpoofing,
    AdviceUnexpectedOwner,
    AdviceOwnerUnknown,
    DetailsService,
    DetailsAbout,
    DetailsFindings,
    DetailsNoFindings,
    DetailsExposure,
    TrustMark,
    TrustMarkTip,
    TrustUnmark,
    TrustedBadge,
    TrustNoPath,
    TrustSaveFailed,
    FirewallTitle,
    FirewallNote,
    FirewallCopy,
    ExplainNoEntry,
    ExplainSystemName,
    ExplainUsualOwners,
    ExplainExposedRisk,
    ExplainBackdoor,
    ExplainCategory,
    /// Added to a failed trust save: the row was not marked.
    TrustNotSavedNotTrusted,
    /// Added to a failed save of an undone trust: the row stays trusted.
    TrustNotSavedStillTrusted,
    // Watch
    MarkNew,
    MarkChanged,
    MarkClosed,
    ClosedRowNote,
    ToastNewListener,
    ToastFlagged,
    ToastSummary,
    ToastTip,
    EventLogButton,
    EventLogTitle,
    EventLogCounts,
    EventLogExportCsv,
    EventLogExportJson,
    EventLogFileLabel,
    EventLogFileStart,
    EventLogFileStop,
    EventLogFileOn,
    EventLogFileFailed,
    ColTime,
    ColEvent,
    ColStateChange,
    BaselineRemember,
    BaselineRememberTip,
    BaselineFilter,
    BaselineFilterTip,
    BaselineSaved,
    StatusSinceStart,
    StatusFlaggedNow,
    OwnerHiddenLabel,
    RiskPortOnlyTip,
    StateListen,
    StateSynSent,
    StateSynReceived,
    StateEstablished,
    StateFinWait1,
    StateFinWait2,
    StateCloseWait,
    StateClosing,
    StateLastAck,
    StateTimeWait,
    StateClosed,
    ColumnsMenuTitle,
    FirewallOthers,
    FirewallActive,
    HelpButton,
    HelpShortcuts,
    HelpAbout,
    AboutTitle,
    AboutWhat,
    AboutLicence,
    AboutDataTitle,
    AboutDataAsn,
    AboutDataCountry,
    AboutDataOffline,
    HelpShowWelcome,
    ShortcutsTitle,
    ShortcutSearch,
    ShortcutMove,
    ShortcutEnd,
    ShortcutConfirm,
    ShortcutCancel,
    ShortcutPause,
    ShortcutRefresh,
    ShortcutLog,
    ShortcutQuit,
    ShortcutColumns,
    CloseButton,
    WelcomeTitle,
    WelcomeRows,
    WelcomeRisk,
    WelcomeChanges,
    WelcomeSteps,
    WelcomeDismiss,
    EventLogOrder,
    ReportFilter,
    ReportFilterNone,
    ReportFilterSearch,
    BannerOwnersHidden,
    RestartAsAdmin,
    RestartAsAdminTip,
    OpenReport,
    OpenFolder,
    OpenFailed,
    SettingsNoNotifications,
    ThemeLabel,
    ThemeSystem,
    ThemeLight,
    ThemeDark,
    SettingsButton,
    SettingsHighlight,
    SettingsHighlightSeconds,
    SettingsAlertListeners,
    SettingsAlertFlagged,
    SettingsDesktop,
    SettingsDesktopListeners,
    NotifyTitle,
    // CLI
    CliNoSuchPid,
    CliNoOwner,
    CliOwnerHidden,
    CliOpenNoHolder,
    CliManyHolders,
    CliHolderLine,
    CliPrompt,
    CliHoldsPorts,
    CliConfirm,
    CliCancelled,
    CliPortStillOpen,
    CliPortClosed,
    CloseNeedsAdmin,
    CloseUnsupported,
    CloseIpv6Unsupported,
    CloseNotFound,
    CliCloseNoConnection,
    CliClosePrompt,
    CliCloseConfirm,
    CliCloseCancelled,
    CliCloseDone,
    CliCloseStillOpen,
    DetailsNothingUnusual,
    ActionCloseConnection,
    ActionBlockPort,
    TipEndProgram,
    TipEndClosed,
    TipEndHidden,
    TipEndNoOwner,
    TipEndProtected,
    TipCloseConnection,
    TipBlockPort,
    DetailsShowAll,
    DetailsShowLess,
    CloseDialogTitle,
    CloseDialogBody,
    CloseDialogConfirm,
    ServiceBackdoor,
    RuleUpdatedTitle,
    RuleUpdatedDetail,
    AdviceUpdated,
    UnknownProgram,
    CliUseForce,
    CliCriticalWarning,
    RestartElevatedFailed,
    // --- issue 16: provenance ---
    RuleModifiedTitle,
    RuleModifiedDetail,
    AdviceModified,
    ColOrigin,
    OriginVerified,
    OriginModified,
    OriginChecking,
    OriginNoPackage,
    OriginLookingUp,
    OriginUnknown,
    DetailsOriginHeading,
    DetailsPackage,
    DetailsVerified,
    DetailsModified,
    DetailsNotChecked,
    DetailsContainer,
    DetailsStartedBy,
    // --- issue 17: reverse DNS ---
    SettingsResolveNames,
    SettingsResolveNamesTip,
    FilterInternet,
    FilterInternetTip,
    DetailsHost,
    HostVerified,
    HostUnverified,
    WarnLookupsSkipped,
    // State files
    TrustReadFailed,
    TrustCorrupt,
    BaselineReadFailed,
    BaselineCorrupt,
    BaselineSaveFailed,
    SettingsReadFailed,
    SettingsCorrupt,
    SettingsSymlink,
    SettingsSaveFailed,
    ConfigDirLinked,
    ConfigDirForeign,
    ConfigDirInstead,
    ConfigDirNotSaved,
    LogFileFailed,
    // Misc
    Yes,
    No,
    NoRowsMatch,
    EmptyValue,
    ReportNoFlagged,
    ReportFlaggedTitle,
    FormatHtml,
    FormatJson,
    FormatCsv,
    WindowTitle,
    Dismiss,
    // --- issue 18: blocking ---
    UnitDays,
    UnitHours,
    UnitMinutes,
    UnitSeconds,
    BlockLastsFor,
    BlockLastsUntilRestart,
    BlockLastsAlways,
    BlockKindTimed,
    BlockKindUntilRestart,
    BlockKindAlways,
    BlockNeedsNft,
    BlockNeedsAdmin,
    BlockUnsupported,
    BlockRefused,
    BlockNotBlocked,
    BlockBusy,
    BlockStateFailed,
    BlockNotReadBack,
    BlockElevationFailed,
    BlocksRecordedNotInForce,
    BlocksTableChanged,
    BlocksLiftedNow,
    BlocksStateUnreadable,
    BlockPrompt,
    BlockConfirm,
    BlockCancelled,
    BlockDone,
    BlockUndoHint,
    BlockTimedByKernel,
    BlockExpiryByPortScope,
    BlockAlwaysKept,
    BlockAlwaysNoBootUnit,
    BlockBesideOthers,
    BlockAskingPassword,
    UnblockPrompt,
    UnblockPromptShort,
    UnblockConfirm,
    UnblockCancelled,
    UnblockDone,
    BlocksNone,
    BlocksColId,
    BlocksColPort,
    BlocksColKind,
    BlocksColLasts,
    RestoreDone,
    RestoreNothing,
    BlockedByPortScope,
    BlockButtonHour,
    BlockButtonRestart,
    BlockButtonRestartTip,
    BlockButtonAlways,
    BlockButtonAlwaysTip,
    BlockedPortsButton,
    BlockedPortsTitle,
    BlockedPortsRefresh,
    BlockUnblockButton,
    BlockUndo,
    BlockWorking,
    BlockConfirmTitle,
    BlockConfirmButton,
    // --- issue 16: network namespaces ---
    ExposureNamespace,
    ColNetns,
    DetailsNetns,
    WarnNamespacesDenied,
    WarnNamespacesUnseen,
    WarnNamespaceUnread,
    NetnsVanished,
    NetnsNoAnswer,
    NetnsBusy,
    // --- issue 16: user and system units ---
    DetailsSystemUnit,
    DetailsUserUnit,
    DetailsWindowsServices,
}

#[cfg(test)]
impl Msg {
    /// Every message, in catalogue order (for tests outside this module).
    pub(crate) fn all() -> &'static [Msg] {
        en::ALL
    }
}

/// Looks up messages in one language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tr {
    /// The language used.
    pub lang: Lang,
}

impl Tr {
    /// A translator for `lang`.
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    /// The message text (templates keep their `{n}` markers).
    pub fn t(&self, msg: Msg) -> &'static str {
        match self.lang {
            Lang::En => en::text(msg),
            Lang::Zh => zh::text(msg),
        }
    }

    /// The message with `{0}`, `{1}`… replaced by `args`.
    pub fn f(&self, msg: Msg, args: &[&dyn Display]) -> String {
        fill(self.t(msg), args)
    }
}

/// Replace `{n}` markers with arguments in one pass over the template; a marker without an
/// argument stays as it is. Text that comes *from* an argument is never scanned again, so a
/// process named `x{1}y` stays exactly that.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let marker = after.find('}').and_then(|close| {
            let index: usize = after[..close].parse().ok()?;
            Some((index, close))
        });
        match marker {
            Some((index, close)) if index < args.len() => {
                use std::fmt::Write;
                let _ = write!(out, "{}", args[index]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_markers_in_any_order() {
        assert_eq!(fill("{1} of {0}", &[&"a", &3]), "3 of a");
        assert_eq!(fill("{0} and {2}", &[&"x"]), "x and {2}");
    }

    #[test]
    fn arguments_are_never_substituted_again() {
        // Issue 9, bug 10: a hostile process name must come out exactly as it is.
        assert_eq!(
            fill("“{0}” (PID {1})", &[&"x{1}y", &42]),
            "“x{1}y” (PID 42)"
        );
        assert_eq!(fill("{1}{0}", &[&"{1}", &"{0}"]), "{0}{1}");
        assert_eq!(fill("{{0}} {x} {", &[&"a"]), "{a} {x} {");
    }

    /// True when `t` has a marker such as `{+1}` or `{01}`: `fill` reads it as a number too.
    fn has_odd_marker(t: &str) -> bool {
        t.match_indices('{').any(|(at, _)| {
            let after = &t[at + 1..];
            after.find('}').is_some_and(|close| {
                let inner = &after[..close];
                inner.parse::<usize>().is_ok_and(|n| n.to_string() != inner)
            })
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]
        #[test]
        fn any_argument_text_is_inserted_verbatim(name in "\\PC*", pid in 0u32..) {
            let out = fill("End “{0}” (PID {1})?", &[&name, &pid]);
            proptest::prop_assert_eq!(out, format!("End “{name}” (PID {pid})?"));
        }
    }

    proptest::proptest! {
        // Cases: PROPTEST_CASES (256 by default; .ci/run sets 10,000 in a release build).
        #![proptest_config(proptest::prelude::ProptestConfig::default())]

        #[test]
        fn any_template_fills_without_panic_and_keeps_arguments_verbatim(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    "\\PC{0,6}",
                    "[{}0-9+x-]{1,5}",
                    proptest::strategy::Strategy::prop_map(0usize..5, |i| format!("{{{i}}}")),
                ],
                0..10,
            ),
            args in proptest::collection::vec("\\PC{0,8}", 0..4),
        ) {
            let template = parts.concat();
            let shown: Vec<&dyn Display> = args.iter().map(|a| a as &dyn Display).collect();
            let out = fill(&template, &shown);
            // Every `{i}` with an argument is replaced by that argument, exactly as it is.
            let mut expected_len = template.len();
            for (i, arg) in args.iter().enumerate() {
                let marker = format!("{{{i}}}");
                let uses = template.matches(&marker).count();
                if uses > 0 {
                    proptest::prop_assert!(out.contains(arg.as_str()), "{arg:?} missing in {out:?}");
                }
                expected_len = expected_len + uses * arg.len() - uses * marker.len();
            }
            // With only plain markers, nothing else changes, so the length is exact.
            if !has_odd_marker(&template) {
                proptest::prop_assert_eq!(out.len(), expected_len, "{:?} → {:?}", template, out);
            }
            // Text without a `{` is returned unchanged.
            if !template.contains('{') {
                proptest::prop_assert_eq!(&out, &template);
            }
        }
    }

    #[test]
    fn environment_comes_first_in_order_then_the_system_locale() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let zh_system = || Some("zh-CN".to_owned());
        let en_system = || Some("en-US".to_owned());
        let no_system = || None;
        // LANGUAGE beats LC_ALL beats LANG; empty values are skipped.
        let all = env(&[("LANGUAGE", "zh_CN:en"), ("LC_ALL", "en_US.UTF-8")]);
        assert_eq!(Lang::detect_with(&all, &en_system), Lang::Zh);
        let lc_all = env(&[
            ("LANGUAGE", ""),
            ("LC_ALL", "en_US.UTF-8"),
            ("LANG", "zh_CN"),
        ]);
        assert_eq!(Lang::detect_with(&lc_all, &zh_system), Lang::En);
        let lang = env(&[("LANG", "zh_TW.UTF-8")]);
        assert_eq!(Lang::detect_with(&lang, &en_system), Lang::Zh);
        // Nothing in the environment (Windows, macOS apps): the OS's setting decides.
        let none = env(&[("LANG", "")]);
        assert_eq!(Lang::detect_with(&none, &zh_system), Lang::Zh);
        assert_eq!(Lang::detect_with(&none, &en_system), Lang::En);
        assert_eq!(Lang::detect_with(&none, &no_system), Lang::En);
    }

    #[test]
    fn locales_pick_languages() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("zh-Hans"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C.UTF-8"), Lang::En);
    }

    #[test]
    fn chinese_texts_exist_and_keep_every_placeholder() {
        let (en, zh) = (Tr::new(Lang::En), Tr::new(Lang::Zh));
        for m in en::ALL {
            let (e, z) = (en.t(*m), zh.t(*m));
            assert!(!z.trim().is_empty(), "{m:?} has no Chinese text");
            for i in 0..4 {
                let marker = format!("{{{i}}}");
                assert_eq!(
                    e.contains(&marker),
                    z.contains(&marker),
                    "{m:?}: placeholder {marker} differs"
                );
            }
        }
    }

    #[test]
    fn every_english_message_is_non_empty() {
        let tr = Tr::new(Lang::En);
        for m in en::ALL {
            assert!(!tr.t(*m).trim().is_empty(), "{m:?} is empty");
        }
    }
}
