//! Judging sockets: the port knowledge base, table-driven risk rules, the trust list and the
//! words that explain findings. Pure functions over rows plus context.

pub mod kb;
pub mod rules;
pub mod text;
pub mod trust;

pub use kb::KnowledgeBase;
pub use rules::RuleContext;
pub use trust::{TrustEntry, TrustStore};

use crate::model::{Assessment, Exposure, SocketRow};

/// Judge one row.
pub fn assess(row: &SocketRow, ctx: &RuleContext<'_>, trust: &TrustStore) -> Assessment {
    let exposure = Exposure::of(&row.local_address);
    Assessment {
        exposure,
        service: ctx
            .kb
            .service_name(row.local_port, row.protocol)
            .map(str::to_owned),
        findings: rules::RULES
            .iter()
            .filter_map(|rule| rule(row, exposure, ctx))
            .collect(),
        trusted: trust.is_trusted(row),
        in_baseline: false,
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
