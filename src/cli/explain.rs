//! `portscope explain PORT [--udp]`: the knowledge base entry, typical owners and risk, in the UI
//! language.

use std::io::Write;

use super::{CliError, ExplainArgs, output_error};
use crate::i18n::{Msg, Tr};
use crate::model::Protocol;
use crate::risk::KnowledgeBase;
use crate::risk::text::level_text;

/// Print the explanation; a port the base does not know is not an error.
pub fn run(args: &ExplainArgs, tr: &Tr) -> Result<(), CliError> {
    let kb = KnowledgeBase::builtin();
    let mut out = std::io::stdout().lock();
    write!(
        out,
        "{}",
        explain(
            kb,
            args.port,
            if args.udp {
                Protocol::Udp
            } else {
                Protocol::Tcp
            },
            tr
        )
    )
    .and_then(|()| out.flush())
    .map_err(output_error)
}

/// The explanation text.
pub fn explain(kb: &KnowledgeBase, port: u16, protocol: Protocol, tr: &Tr) -> String {
    let proto = match protocol {
        Protocol::Tcp => "TCP",
        Protocol::Udp => "UDP",
    };
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    match kb.port(port, protocol) {
        Some(e) => {
            line(format!("{proto} {port}: {}", e.service_in(tr.lang)));
            line(e.description(tr.lang).to_owned());
            line(e.advice(tr.lang).to_owned());
            line(tr.f(Msg::ExplainCategory, &[&e.category]));
            if !e.owners.is_empty() {
                line(tr.f(Msg::ExplainUsualOwners, &[&e.owners.join(", ")]));
            }
            line(tr.f(Msg::ExplainExposedRisk, &[&level_text(e.exposed_risk, tr)]));
        }
        None => {
            line(tr.f(Msg::ExplainNoEntry, &[&proto, &port]));
            if let Some(name) = kb.service_name(port, protocol) {
                line(tr.f(Msg::ExplainSystemName, &[&name]));
            }
        }
    }
    if let Some(b) = kb.backdoor(port, protocol) {
        line(tr.f(Msg::ExplainBackdoor, &[&b.name, &b.source]));
        line(b.description(tr.lang).to_owned());
    }
    out
}
