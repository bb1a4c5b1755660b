//! Which Windows services each process hosts ("which svchost is this"), from the list
//! `EnumServicesStatusExW` gives (`win32::running_services`). The mapping is compiled on every
//! system so that it is tested over answers shaped as the API gives them.

use std::collections::HashMap;

/// The services of each process, from `(process id, service name)` pairs: names in the
/// order people read them (case-insensitive), each once. Process id 0 (a service starting or
/// stopping, which runs nowhere yet) and empty names are left out.
pub fn by_process(running: &[(u32, String)]) -> HashMap<u32, Vec<String>> {
    let mut map: HashMap<u32, Vec<String>> = HashMap::new();
    for (pid, name) in running {
        if *pid != 0 && !name.is_empty() {
            map.entry(*pid).or_default().push(name.clone());
        }
    }
    for names in map.values_mut() {
        names.sort_by_key(|n| n.to_lowercase());
        names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An answer shaped as `EnumServicesStatusExW` gives it on a Windows 11 desktop: several
    /// svchost.exe processes hosting one or more services each, services of their own process,
    /// and one starting (no process yet). The pairs are written out here, not recorded on a
    /// real Windows (there is none in CI).
    fn answer() -> Vec<(u32, String)> {
        [
            (1184, "Dnscache"),
            (1184, "nsi"),
            (1184, "LanmanWorkstation"),
            (1040, "RpcSs"),
            (1040, "RpcEptMapper"),
            (964, "DcomLaunch"),
            (964, "PlugPlay"),
            (964, "Power"),
            (2712, "Spooler"),
            (3390, "WinDefend"),
            (0, "BITS"),
            (1184, "dnscache"),
            (4100, ""),
        ]
        .into_iter()
        .map(|(pid, name)| (pid, name.to_owned()))
        .collect()
    }

    #[test]
    fn each_svchost_names_the_services_it_hosts() {
        let map = by_process(&answer());
        assert_eq!(map[&1184], ["Dnscache", "LanmanWorkstation", "nsi"]);
        assert_eq!(map[&1040], ["RpcEptMapper", "RpcSs"]);
        assert_eq!(map[&964], ["DcomLaunch", "PlugPlay", "Power"]);
        assert_eq!(map[&2712], ["Spooler"]);
        assert!(!map.contains_key(&0), "a service not yet in a process");
        assert!(!map.contains_key(&4100), "no name, no entry");
        assert_eq!(map.len(), 5);
        assert!(by_process(&[]).is_empty());
    }
}
