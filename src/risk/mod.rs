//! Judging sockets: the port knowledge base, table-driven risk rules, the trust list and the
//! words that explain findings. Pure functions over rows plus context.

pub mod kb;
pub mod rules;
pub mod text;
pub mod trust;

pub use kb::KnowledgeBase;
pub use rules::RuleContext;
pub use trust::{TrustEntry, TrustStore};

use crate::model::{Assessment, Exposure, RuleId, SocketRow};

/// Judge one row.
pub fn assess(row: &SocketRow, ctx: &RuleContext<'_>, trust: &TrustStore) -> Assessment {
    let exposure = Exposure::of(&row.local_address);
    let findings: Vec<_> = rules::RULES
        .iter()
        .filter_map(|rule| rule(row, exposure, ctx))
        .collect();
    let backdoor = findings
        .iter()
        .any(|f| f.rule == RuleId::KnownBackdoorPort)
        .then(|| ctx.kb.backdoor(row.local_port, row.protocol))
        .flatten()
        .map(|b| b.name.clone());
    Assessment {
        exposure,
        service: ctx
            .kb
            .service_name(row.local_port, row.protocol)
            .map(str::to_owned),
        findings,
        trusted: trust.is_trusted(row),
        in_baseline: false,
        backdoor,
    }
}

/// Judge every row in place.
pub fn assess_all(rows: &mut [SocketRow], privileged: bool, trust: &TrustStore) {
    let ctx = RuleContext {
        kb: KnowledgeBase::builtin(),
        privileged,
    };
    for row in rows {
        row.assessment = assess(row, &ctx, trust);
    }
}
