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
    /// Short service name (English; the key other texts use for the service).
    pub service: String,
    /// The service's name in other languages, where a natural one exists (else `service`).
    #[serde(default)]
    pub service_name: Localized,
    /// Category, e.g. `remote-access`.
    pub category: String,
    /// Programs that normally own it (lower case).
    pub owners: Vec<String>,
    /// How risky it is to expose to the network.
    pub exposed_risk: RiskLevel,
    /// Accepts anyone without a password by default.
    #[serde(default)]
    pub unauthenticated: bool,
    /// One plain sentence saying what it is, in every language.
    pub text: Localized,
    /// One sentence: when it is normal and what to do if unexpected, in every language.
    pub advice: Localized,
}

impl PortEntry {
    /// The service name in `lang` (`service` where that language has no name of its own).
    pub fn service_in(&self, lang: Lang) -> &str {
        self.service_name.get(lang).unwrap_or(&self.service)
    }

    /// The description in `lang`.
    pub fn description(&self, lang: Lang) -> &str {
        self.text.get(lang).unwrap_or_default()
    }

    /// The advice in `lang`.
    pub fn advice(&self, lang: Lang) -> &str {
        self.advice.get(lang).unwrap_or_default()
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
    /// Plain explanation in every language; a matching port is a hint, never proof.
    pub text: Localized,
}

impl BackdoorEntry {
    /// The explanation in `lang`.
    pub fn description(&self, lang: Lang) -> &str {
        self.text.get(lang).unwrap_or_default()
    }
}

/// Texts keyed by language (`text = { en = "…", zh = "…" }`, or `text.en = "…"`). Which
/// languages are required is up to the field: `KnowledgeBase::parse` wants every language of
/// [`Lang::ALL`] in descriptions and advice, so a missing translation fails the load (and the
/// built-in base's test), never falls back silently.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Localized(Vec<(Lang, String)>);

impl Localized {
    /// The text in `lang`, if there is one.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        self.0
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, t)| t.as_str())
    }

    /// The first language of [`Lang::ALL`] without a non-empty text.
    fn missing(&self) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|&l| self.get(l).is_none_or(|t| t.trim().is_empty()))
    }
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<String, String>::deserialize(d)?;
        map.into_iter()
            .map(|(code, text)| match Lang::from_code(&code) {
                Some(lang) => Ok((lang, text)),
                None => Err(serde::de::Error::custom(format!(
                    "unknown language {code:?} (known: {})",
                    Lang::ALL.map(Lang::code).join(", ")
                ))),
            })
            .collect::<Result<_, _>>()
            .map(Localized)
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
    /// A required text is empty, or missing in a language.
    #[error("{kind} entry for port {port} has an empty {field}")]
    Empty {
        /// `port` or `backdoor`.
        kind: &'static str,
        /// Port.
        port: u16,
        /// The empty field (`text.zh` for a missing language).
        field: String,
    },
    /// One English service name with two different names in another language.
    #[error("service {service:?} has two names in {lang:?}")]
    ConflictingName {
        /// The English service name.
        service: String,
        /// The language.
        lang: Lang,
    },
}

/// The loaded knowledge base.
#[derive(Debug, Default)]
pub struct KnowledgeBase {
    ports: HashMap<(u16, Protocol), PortEntry>,
    backdoors: HashMap<(u16, Protocol), BackdoorEntry>,
    system_services: HashMap<(u16, Protocol), String>,
    /// Per language, English service name → the service's name in that language, for text
    /// that carries only the name (an assessment's service, a finding's evidence).
    service_names: HashMap<Lang, HashMap<String, String>>,
}

fn check_texts(
    kind: &'static str,
    port: u16,
    fields: &[(&'static str, &str)],
    localized: &[(&'static str, &Localized)],
) -> Result<(), KbError> {
    if let Some((field, _)) = fields.iter().find(|(_, v)| v.trim().is_empty()) {
        return Err(KbError::Empty {
            kind,
            port,
            field: (*field).to_owned(),
        });
    }
    for (field, texts) in localized {
        if let Some(lang) = texts.missing() {
            return Err(KbError::Empty {
                kind,
                port,
                field: format!("{field}.{}", lang.code()),
            });
        }
    }
    Ok(())
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
                &[("service", &e.service)],
                &[("text", &e.text), ("advice", &e.advice)],
            )?;
            kb.add_service_names(&e)?;
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
                &[("name", &b.name), ("source", &b.source)],
                &[("text", &b.text)],
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

    fn add_service_names(&mut self, e: &PortEntry) -> Result<(), KbError> {
        for (lang, name) in &e.service_name.0 {
            if name.trim().is_empty() {
                return Err(KbError::Empty {
                    kind: "port",
                    port: e.port,
                    field: format!("service_name.{}", lang.code()),
                });
            }
            match self
                .service_names
                .entry(*lang)
                .or_default()
                .insert(e.service.clone(), name.clone())
            {
                Some(other) if other != *name => {
                    return Err(KbError::ConflictingName {
                        service: e.service.clone(),
                        lang: *lang,
                    });
                }
                _ => {}
            }
        }
        Ok(())
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
    /// `lang`: the base's name for it in that language when there is one, else as it is.
    pub fn service_name_in<'a>(&'a self, name: &'a str, lang: Lang) -> &'a str {
        self.service_names
            .get(&lang)
            .and_then(|names| names.get(name))
            .map_or(name, String::as_str)
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
