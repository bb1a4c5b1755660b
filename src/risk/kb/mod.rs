//! The port knowledge base: what a port is for, who normally owns it, how risky it is when
//! exposed, and known backdoor default ports. Loaded from `assets/ports.toml` (built in), with
//! the system services list (`/etc/services`) as a fallback for names.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::i18n::Lang;
use crate::model::{ProcessInfo, Protocol, RiskLevel};

/// The knowledge base file, compiled in so it can't go missing.
const BUILTIN: &str = include_str!("../../../assets/ports.toml");

/// Protocol as written in the data file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProtocolSpec {
    /// TCP only.
    Tcp,
    /// UDP only.
    Udp,
    /// TCP and UDP.
    Both,
}

impl ProtocolSpec {
    fn expand(self) -> &'static [Protocol] {
        match self {
            ProtocolSpec::Tcp => &[Protocol::Tcp],
            ProtocolSpec::Udp => &[Protocol::Udp],
            ProtocolSpec::Both => &[Protocol::Tcp, Protocol::Udp],
        }
    }
}

/// A service port.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortEntry {
    /// Port number.
    pub port: u16,
    /// Protocol(s).
    pub protocol: ProtocolSpec,
    /// Short service name.
    pub service: String,
    /// The service name in Simplified Chinese, where a natural one exists.
    #[serde(default)]
    pub service_zh: Option<String>,
    /// Category, e.g. `remote-access`.
    pub category: String,
    /// Programs that normally own it (lower case).
    pub owners: Vec<String>,
    /// How risky it is to expose to the network.
    pub exposed_risk: RiskLevel,
    /// Accepts anyone without a password by default.
    #[serde(default)]
    pub unauthenticated: bool,
    /// One plain sentence in English.
    pub en: String,
    /// The same in Simplified Chinese.
    pub zh: String,
    /// Advice in English.
    pub advice_en: String,
    /// Advice in Simplified Chinese.
    pub advice_zh: String,
}

impl PortEntry {
    /// The service name in `lang` (the English one where there is no Chinese name).
    pub fn service_in(&self, lang: Lang) -> &str {
        match (lang, &self.service_zh) {
            (Lang::Zh, Some(zh)) => zh,
            _ => &self.service,
        }
    }

    /// The description in `lang`.
    pub fn description(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    /// The advice in `lang`.
    pub fn advice(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.advice_en,
            Lang::Zh => &self.advice_zh,
        }
    }
}

/// A backdoor/trojan default port.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackdoorEntry {
    /// Port number.
    pub port: u16,
    /// Protocol(s).
    pub protocol: ProtocolSpec,
    /// The backdoor's name.
    pub name: String,
    /// Where the fact comes from.
    pub source: String,
    /// Programs that legitimately use this port too.
    #[serde(default)]
    pub legit_owners: Vec<String>,
    /// Explanation in English.
    pub en: String,
    /// Explanation in Simplified Chinese.
    pub zh: String,
}

impl BackdoorEntry {
    /// The explanation in `lang`.
    pub fn description(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KbFile {
    port: Vec<PortEntry>,
    #[serde(default)]
    backdoor: Vec<BackdoorEntry>,
}

/// Why the knowledge base file is invalid.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// Not valid TOML or not the schema.
    #[error("knowledge base does not parse: {0}")]
    Parse(#[from] toml::de::Error),
    /// Two entries for one port and protocol.
    #[error("duplicate {kind} entry for {port}/{protocol:?}")]
    Duplicate {
        /// `port` or `backdoor`.
        kind: &'static str,
        /// Port.
        port: u16,
        /// Protocol.
        protocol: Protocol,
    },
    /// A required text is empty.
    #[error("{kind} entry for port {port} has an empty {field}")]
    Empty {
        /// `port` or `backdoor`.
        kind: &'static str,
        /// Port.
        port: u16,
        /// The empty field.
        field: &'static str,
    },
    /// One English service name with two different Chinese names.
    #[error("service {service:?} has two Chinese names")]
    ConflictingZhName {
        /// The English service name.
        service: String,
    },
}

/// The loaded knowledge base.
#[derive(Debug, Default)]
pub struct KnowledgeBase {
    ports: HashMap<(u16, Protocol), PortEntry>,
    backdoors: HashMap<(u16, Protocol), BackdoorEntry>,
    system_services: HashMap<(u16, Protocol), String>,
    /// English service name → Chinese service name, for text that carries only the name (an
    /// assessment's service, a finding's evidence).
    zh_service_names: HashMap<String, String>,
}

fn check_texts(
    kind: &'static str,
    port: u16,
    fields: &[(&'static str, &str)],
) -> Result<(), KbError> {
    match fields.iter().find(|(_, v)| v.trim().is_empty()) {
        Some((field, _)) => Err(KbError::Empty { kind, port, field }),
        None => Ok(()),
    }
}

impl KnowledgeBase {
    /// Parse and validate a knowledge base file.
    pub fn parse(text: &str) -> Result<KnowledgeBase, KbError> {
        let file: KbFile = toml::from_str(text)?;
        let mut kb = KnowledgeBase::default();
        for e in file.port {
            check_texts(
                "port",
                e.port,
                &[
                    ("service", &e.service),
                    ("en", &e.en),
                    ("zh", &e.zh),
                    ("advice_en", &e.advice_en),
                    ("advice_zh", &e.advice_zh),
                    ("service_zh", e.service_zh.as_deref().unwrap_or("-")),
                ],
            )?;
            kb.add_zh_service_name(&e)?;
            for &protocol in e.protocol.expand() {
                if kb.ports.insert((e.port, protocol), e.clone()).is_some() {
                    return Err(KbError::Duplicate {
                        kind: "port",
                        port: e.port,
                        protocol,
                    });
                }
            }
        }
        for b in file.backdoor {
            check_texts(
                "backdoor",
                b.port,
                &[
                    ("name", &b.name),
                    ("source", &b.source),
                    ("en", &b.en),
                    ("zh", &b.zh),
                ],
            )?;
            for &protocol in b.protocol.expand() {
                if kb.backdoors.insert((b.port, protocol), b.clone()).is_some() {
                    return Err(KbError::Duplicate {
                        kind: "backdoor",
                        port: b.port,
                        protocol,
                    });
                }
            }
        }
        Ok(kb)
    }

    fn add_zh_service_name(&mut self, e: &PortEntry) -> Result<(), KbError> {
        let Some(zh) = &e.service_zh else {
            return Ok(());
        };
        match self.zh_service_names.insert(e.service.clone(), zh.clone()) {
            Some(other) if other != *zh => Err(KbError::ConflictingZhName {
                service: e.service.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// The built-in knowledge base plus this system's services list, loaded once.
    pub fn builtin() -> &'static KnowledgeBase {
        static KB: OnceLock<KnowledgeBase> = OnceLock::new();
        KB.get_or_init(|| {
            // The file is validated by a unit test, so a parse failure here means a broken build;
            // degrade to an empty base rather than crash a running monitor.
            let mut kb = KnowledgeBase::parse(BUILTIN).unwrap_or_else(|e| {
                log::error!("{e}");
                KnowledgeBase::default()
            });
            if let Ok(text) = std::fs::read_to_string(services_path()) {
                kb.system_services = parse_services(&text);
            }
            kb
        })
    }

    /// The entry for a port, if the base has one.
    pub fn port(&self, port: u16, protocol: Protocol) -> Option<&PortEntry> {
        self.ports.get(&(port, protocol))
    }

    /// The backdoor known to use this port by default, if any.
    pub fn backdoor(&self, port: u16, protocol: Protocol) -> Option<&BackdoorEntry> {
        self.backdoors.get(&(port, protocol))
    }

    /// The service name: from the base, else from the system services list.
    pub fn service_name(&self, port: u16, protocol: Protocol) -> Option<&str> {
        self.port(port, protocol)
            .map(|e| e.service.as_str())
            .or_else(|| {
                self.system_services
                    .get(&(port, protocol))
                    .map(String::as_str)
            })
    }

    /// A service name as the knowledge base or the services list gave it (in English), shown in
    /// `lang`: its Chinese name when the base has one, else as it is.
    pub fn service_name_in<'a>(&'a self, name: &'a str, lang: Lang) -> &'a str {
        match lang {
            Lang::Zh => self.zh_service_names.get(name).map_or(name, String::as_str),
            Lang::En => name,
        }
    }

    /// Number of (port, protocol) service entries.
    pub fn len(&self) -> usize {
        self.ports.len()
    }

    /// True when the base has no service entries.
    pub fn is_empty(&self) -> bool {
        self.ports.is_empty()
    }

    /// Every backdoor entry (for validation and listing).
    pub fn backdoors(&self) -> impl Iterator<Item = &BackdoorEntry> {
        self.backdoors.values()
    }
}

fn services_path() -> &'static str {
    if cfg!(windows) {
        r"C:\Windows\System32\drivers\etc\services"
    } else {
        "/etc/services"
    }
}

/// Parse a services(5) file: `name port/proto [aliases] [# comment]`.
pub fn parse_services(text: &str) -> HashMap<(u16, Protocol), String> {
    let mut map = HashMap::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        let mut parts = line.split_whitespace();
        let (Some(name), Some(port_proto)) = (parts.next(), parts.next()) else {
            continue;
        };
        let Some((port, proto)) = port_proto.split_once('/') else {
            continue;
        };
        let Ok(port) = port.parse::<u16>() else {
            continue;
        };
        let protocol = match proto.to_ascii_lowercase().as_str() {
            "tcp" => Protocol::Tcp,
            "udp" => Protocol::Udp,
            _ => continue,
        };
        map.entry((port, protocol))
            .or_insert_with(|| name.to_owned());
    }
    map
}

/// True when `process` is one of `owners`: by name or executable file name, case-insensitive.
/// Linux truncates names to 15 characters, so a 15-character name matches an owner it begins.
pub fn owner_matches(owners: &[String], process: &ProcessInfo) -> bool {
    let file_name = process
        .path
        .as_deref()
        .and_then(|p| p.file_name())
        .map(|f| crate::model::text::path_text(std::path::Path::new(f)).to_lowercase());
    let candidates = [Some(process.name.to_lowercase()), file_name];
    owners.iter().any(|owner| {
        let owner = owner.to_lowercase();
        candidates.iter().flatten().any(|c| {
            *c == owner
                || c.strip_suffix(".exe") == Some(owner.as_str())
                || (c.chars().count() == 15 && owner.starts_with(c.as_str()))
        })
    })
}

#[cfg(test)]
mod tests;
