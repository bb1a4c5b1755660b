//! Judging sockets: the port knowledge base, table-driven risk rules, the trust list and the
//! words that explain findings. Pure functions over rows plus context.

pub mod baseline;
pub mod kb;
pub mod rules;
pub mod text;
pub mod trust;

pub use baseline::BaselineStore;
pub use kb::KnowledgeBase;
pub use rules::RuleContext;
pub use trust::{TrustEntry, TrustList, TrustStore};

use crate::model::{Assessment, Exposure, RuleId, SocketRow};

/// Judge one row, and whether `trust` silences it.
pub fn assess(row: &SocketRow, ctx: &RuleContext<'_>, trust: &TrustStore) -> Assessment {
    Assessment {
        trusted: trust.is_trusted(row),
        ..judge(row, ctx)
    }
}

/// Judge one row by the rules alone: `trusted` and `in_baseline` are left false for the
/// caller's lists to set (the engine caches this part per socket and owner).
pub fn judge(row: &SocketRow, ctx: &RuleContext<'_>) -> Assessment {
    let exposure = Exposure::of_row(row);
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
        trusted: false,
        in_baseline: false,
        backdoor,
        public_peer: row
            .remote_address
            .is_some_and(|ip| crate::ipinfo::scope(ip) == crate::ipinfo::Scope::Public),
    }
}

/// Judge every row in place.
pub fn assess_all(rows: &mut [SocketRow], privileged: bool, trust: &TrustStore) {
    let ctx = RuleContext {
        kb: KnowledgeBase::builtin(),
        privileged,
    };
    for row in rows {
        row.assessment = std::sync::Arc::new(assess(row, &ctx, trust));
    }
}
