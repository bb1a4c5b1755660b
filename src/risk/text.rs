//! Words for findings, levels and exposure, in the UI language.

use super::KnowledgeBase;
use crate::i18n::{Msg, Tr};
use crate::model::{Assessment, Exposure, Finding, PortClass, RiskLevel, RuleId, TcpState};

/// The level's name.
pub fn level_text(level: RiskLevel, tr: &Tr) -> &'static str {
    tr.t(match level {
        RiskLevel::None => Msg::LevelNone,
        RiskLevel::Info => Msg::LevelInfo,
        RiskLevel::Low => Msg::LevelLow,
        RiskLevel::Medium => Msg::LevelMedium,
        RiskLevel::High => Msg::LevelHigh,
    })
}

/// An icon per level, so risk is never shown by colour alone.
pub fn level_icon(level: RiskLevel) -> &'static str {
    match level {
        RiskLevel::None => "",
        RiskLevel::Info => "ℹ",
        RiskLevel::Low => "●",
        RiskLevel::Medium => "▲",
        RiskLevel::High => "⚠",
    }
}

/// Who can reach it, in words.
pub fn exposure_text(exposure: Exposure, tr: &Tr) -> &'static str {
    tr.t(match exposure {
        Exposure::Loopback => Msg::ExposureLoopback,
        Exposure::LocalNetwork => Msg::ExposureLocalNetwork,
        Exposure::AllInterfaces => Msg::ExposureAllInterfaces,
    })
}

/// The finding's short title.
pub fn title(f: &Finding, tr: &Tr) -> &'static str {
    tr.t(match f.rule {
        RuleId::KnownBackdoorPort => Msg::RuleBackdoorTitle,
        RuleId::RiskyServiceExposed => Msg::RuleRiskyServiceTitle,
        RuleId::ListensOnAllInterfaces => Msg::RuleAllInterfacesTitle,
        RuleId::ExeInTempDir => Msg::RuleTempDirTitle,
        RuleId::ExeDeleted => Msg::RuleDeletedTitle,
        RuleId::ExeUpdated => Msg::RuleUpdatedTitle,
        RuleId::NameSpoofing => Msg::RuleSpoofingTitle,
        RuleId::UnexpectedOwner => Msg::RuleUnexpectedOwnerTitle,
        RuleId::OwnerUnknown => Msg::RuleOwnerUnknownTitle,
    })
}

/// The reason, naming the evidence.
pub fn detail(f: &Finding, tr: &Tr) -> String {
    // These rules name the service first: in the knowledge base's words for `tr`'s language.
    let names_service = matches!(
        f.rule,
        RuleId::RiskyServiceExposed | RuleId::UnexpectedOwner
    );
    let kb = KnowledgeBase::builtin();
    let evidence: Vec<&str> = f
        .evidence
        .iter()
        .enumerate()
        .map(|(i, e)| match i {
            0 if names_service => kb.service_name_in(e, tr.lang),
            _ => e.as_str(),
        })
        .collect();
    let args: Vec<&dyn std::fmt::Display> = evidence
        .iter()
        .map(|e| e as &dyn std::fmt::Display)
        .collect();
    let msg = match f.rule {
        RuleId::KnownBackdoorPort => Msg::RuleBackdoorDetail,
        RuleId::RiskyServiceExposed => Msg::RuleRiskyServiceDetail,
        RuleId::ListensOnAllInterfaces => Msg::RuleAllInterfacesDetail,
        RuleId::ExeInTempDir => Msg::RuleTempDirDetail,
        RuleId::ExeDeleted => Msg::RuleDeletedDetail,
        RuleId::ExeUpdated => Msg::RuleUpdatedDetail,
        RuleId::NameSpoofing if f.evidence.get(1).is_none_or(|p| p.is_empty()) => {
            Msg::RuleSpoofingDetailChars
        }
        RuleId::NameSpoofing => Msg::RuleSpoofingDetailPath,
        RuleId::UnexpectedOwner => Msg::RuleUnexpectedOwnerDetail,
        RuleId::OwnerUnknown => Msg::RuleOwnerUnknownDetail,
    };
    crate::model::text::show_invisible(&tr.f(msg, &args)).into_owned()
}

/// What the user can do about it.
pub fn advice(f: &Finding, tr: &Tr) -> &'static str {
    tr.t(match f.rule {
        RuleId::KnownBackdoorPort => Msg::AdviceBackdoor,
        RuleId::RiskyServiceExposed => Msg::AdviceRiskyService,
        RuleId::ListensOnAllInterfaces => Msg::AdviceAllInterfaces,
        RuleId::ExeInTempDir => Msg::AdviceTempDir,
        RuleId::ExeDeleted => Msg::AdviceDeleted,
        RuleId::ExeUpdated => Msg::AdviceUpdated,
        RuleId::NameSpoofing => Msg::AdviceSpoofing,
        RuleId::UnexpectedOwner => Msg::AdviceUnexpectedOwner,
        RuleId::OwnerUnknown => Msg::AdviceOwnerUnknown,
    })
}

/// The Service column's text: the known backdoor's name when that rule fired (it matters more
/// than a registered service name), else the service name in `tr`'s language.
pub fn service_text(a: &Assessment, tr: &Tr) -> Option<String> {
    match &a.backdoor {
        Some(name) => Some(tr.f(Msg::ServiceBackdoor, &[name])),
        None => a.service.as_deref().map(|s| {
            KnowledgeBase::builtin()
                .service_name_in(s, tr.lang)
                .to_owned()
        }),
    }
}

/// A TCP state as the UI shows it: the RFC name in English, a plain word in Chinese (the RFC
/// name stays in tooltips and in JSON).
pub fn state_text(state: TcpState, tr: &Tr) -> &'static str {
    tr.t(match state {
        TcpState::Listen => Msg::StateListen,
        TcpState::SynSent => Msg::StateSynSent,
        TcpState::SynReceived => Msg::StateSynReceived,
        TcpState::Established => Msg::StateEstablished,
        TcpState::FinWait1 => Msg::StateFinWait1,
        TcpState::FinWait2 => Msg::StateFinWait2,
        TcpState::CloseWait => Msg::StateCloseWait,
        TcpState::Closing => Msg::StateClosing,
        TcpState::LastAck => Msg::StateLastAck,
        TcpState::TimeWait => Msg::StateTimeWait,
        TcpState::Closed => Msg::StateClosed,
    })
}
/// The localized name of a port class.
pub fn port_class_text(class: PortClass, tr: &Tr) -> &'static str {
    tr.t(match class {
        PortClass::WellKnown => Msg::ClassWellKnown,
        PortClass::Registered => Msg::ClassRegistered,
        PortClass::Dynamic => Msg::ClassDynamic,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::fixtures::tcp;
    use crate::risk::{RuleContext, TrustStore, assess};

    /// The Service column and the findings' details of `row`, in `lang`.
    fn shown(row: &crate::model::SocketRow, lang: Lang) -> (Option<String>, Vec<String>) {
        let ctx = RuleContext {
            kb: KnowledgeBase::builtin(),
            privileged: true,
        };
        let a = assess(row, &ctx, &TrustStore::in_memory());
        let tr = Tr::new(lang);
        let details = a.findings.iter().map(|f| detail(f, &tr)).collect();
        (service_text(&a, &tr), details)
    }

    #[test]
    fn chinese_text_names_services_in_chinese() {
        let rdp = tcp("0.0.0.0", 3389, TcpState::Listen, 50, "xrdp");
        let (service, details) = shown(&rdp, Lang::Zh);
        assert_eq!(service.as_deref(), Some("远程桌面 (RDP)"));
        assert!(
            details.iter().any(|d| d.contains("远程桌面 (RDP)")),
            "the exposed-service detail names it in Chinese: {details:?}"
        );
        assert!(
            !details.iter().any(|d| d.contains("Remote Desktop")),
            "{details:?}"
        );
        let (service, details) = shown(&rdp, Lang::En);
        assert_eq!(service.as_deref(), Some("Remote Desktop (RDP)"));
        assert!(details.iter().any(|d| d.contains("Remote Desktop (RDP)")));
        // The unexpected-owner detail names the service too.
        let smb = tcp("0.0.0.0", 445, TcpState::Listen, 50, "evil");
        let (service, details) = shown(&smb, Lang::Zh);
        assert_eq!(service.as_deref(), Some("SMB (Windows 文件共享)"));
        assert!(
            details.iter().all(|d| !d.contains("Windows file sharing")),
            "{details:?}"
        );
        assert!(
            details
                .iter()
                .filter(|d| d.contains("SMB (Windows 文件共享)"))
                .count()
                >= 2,
            "both the exposed-service and the unexpected-owner details: {details:?}"
        );
    }
}
