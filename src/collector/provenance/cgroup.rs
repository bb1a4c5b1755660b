//! The service unit and the container of a process, from its cgroup path (`/proc/<pid>/cgroup`).
//! Pure text work: the recorded systems and the real one share it.

use crate::model::{Container, ContainerRuntime};

/// Longer lines are not a cgroup path anyone made by hand (the kernel's limit for a path is
/// 4096 bytes): such a line is ignored, so a 10 KB line costs one scan and says "unknown".
pub const MAX_LINE: usize = 4096;

/// What a cgroup path says about a process.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CgroupFacts {
    /// The unit it belongs to (innermost `.service` or `.scope` that is not a container's).
    pub services: Vec<String>,
    /// The container it runs in.
    pub container: Option<Container>,
    /// The unit is one of a user's own service manager (under `user@<uid>.service`): that uid.
    /// `None` for a system unit (the manager `user@<uid>.service` itself and a login's
    /// `session-N.scope` are the system's).
    pub user_unit_of: Option<u32>,
}

/// The path systemd tracks the process by: the v1 `name=systemd` line on a hybrid system, or
/// the v2 `0::` line; where both are there and one is only the root (`/`), the other, which
/// says more. `None` when neither is there (or only with an over-long path).
pub fn systemd_path(text: &str) -> Option<&str> {
    let (mut v1, mut unified) = (None, None);
    for line in text.lines().filter(|l| l.len() <= MAX_LINE) {
        let mut parts = line.splitn(3, ':');
        let (Some(id), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if controllers == "name=systemd" {
            v1 = Some(path);
        } else if id == "0" && controllers.is_empty() {
            unified = Some(path);
        }
    }
    match (v1, unified) {
        (Some("/"), Some(u)) => Some(u),
        (Some(v), _) => Some(v),
        (None, u) => u,
    }
}

/// The unit and container named by the text of `/proc/<pid>/cgroup`.
pub fn parse(text: &str) -> CgroupFacts {
    systemd_path(text).map(facts_of_path).unwrap_or_default()
}

/// The unit and container named by one cgroup path such as
/// `/system.slice/docker-<id>.scope` or `/user.slice/user-1000.slice/session-2.scope`.
pub fn facts_of_path(path: &str) -> CgroupFacts {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let kubernetes = parts.iter().any(|p| p.starts_with("kubepods"));
    let mut container = None;
    let mut unit = None;
    // The user whose service manager runs the units below this part, once past `user@<uid>`.
    let (mut manager, mut user_unit_of) = (None, None);
    for (i, part) in parts.iter().enumerate() {
        if let Some(found) = container_of(part, parts.get(i + 1).copied(), kubernetes) {
            container = Some(found);
            continue;
        }
        if (part.ends_with(".service") || part.ends_with(".scope")) && clean(part) {
            unit = Some((*part).to_owned());
            user_unit_of = manager;
        }
        if let Some(uid) = user_manager(part) {
            manager = Some(uid);
        }
    }
    if kubernetes && container.is_none() {
        // `/kubepods/besteffort/pod<uid>/<id>` (cgroupfs driver): the id is the last part.
        container = parts
            .last()
            .filter(|p| is_hex_id(p))
            .map(|id| container_with(ContainerRuntime::Kubernetes, id));
    }
    CgroupFacts {
        services: unit.into_iter().collect(),
        container,
        user_unit_of,
    }
}

/// The uid of a user's service manager's unit, `user@1000.service`.
fn user_manager(part: &str) -> Option<u32> {
    part.strip_prefix("user@")?
        .strip_suffix(".service")?
        .parse()
        .ok()
}

/// Printable ASCII without spaces: a unit name systemd could have made.
fn clean(part: &str) -> bool {
    part.bytes().all(|b| b.is_ascii_graphic())
}

fn is_hex_id(s: &str) -> bool {
    (12..=128).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn container_with(runtime: ContainerRuntime, id: &str) -> Container {
    Container {
        runtime,
        id: id.to_owned(),
        name: None,
    }
}

fn scoped<'a>(part: &'a str, prefix: &str) -> Option<&'a str> {
    let id = part.strip_prefix(prefix)?;
    let id = id.strip_suffix(".scope").unwrap_or(id);
    is_hex_id(id).then_some(id)
}

/// The container one path part (and the next, for `/docker/<id>` and `/lxc/<name>`) names.
fn container_of(part: &str, next: Option<&str>, kubernetes: bool) -> Option<Container> {
    use ContainerRuntime::{Containerd, Docker, Kubernetes, Lxc, Podman};
    let in_pod = |runtime| if kubernetes { Kubernetes } else { runtime };
    if let Some(id) = scoped(part, "docker-") {
        return Some(container_with(in_pod(Docker), id));
    }
    if let Some(id) = scoped(part, "libpod-").filter(|_| !part.starts_with("libpod-conmon-")) {
        return Some(container_with(in_pod(Podman), id));
    }
    if let Some(id) = scoped(part, "cri-containerd-") {
        return Some(container_with(in_pod(Containerd), id));
    }
    if let Some(id) = scoped(part, "crio-").filter(|_| kubernetes) {
        return Some(container_with(Kubernetes, id));
    }
    if part == "docker"
        && let Some(id) = next.filter(|n| is_hex_id(n))
    {
        return Some(container_with(in_pod(Docker), id));
    }
    let lxc_name = part
        .strip_prefix("lxc.payload.")
        .or_else(|| next.filter(|_| part == "lxc"));
    if let Some(name) = lxc_name.filter(|n| !n.is_empty() && clean(n)) {
        return Some(Container {
            runtime: Lxc,
            id: name.to_owned(),
            name: Some(name.to_owned()),
        });
    }
    None
}

/// The container's name from Docker's own file for it (`config.v2.json`'s `"Name":"/web"`),
/// read without asking the daemon. `None` when the text does not say.
pub fn docker_name(config_json: &str) -> Option<String> {
    let at = config_json.find("\"Name\":\"")? + "\"Name\":\"".len();
    let rest = config_json.get(at..)?;
    let name = rest.get(..rest.find('"')?)?;
    let name = name.strip_prefix('/').unwrap_or(name);
    // Docker's own rule for names: [a-zA-Z0-9][a-zA-Z0-9_.-]+.
    let allowed = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
    (!name.is_empty() && name.len() <= 255 && name.bytes().all(allowed)).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "3f2a9c1d4b5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8";

    fn facts(text: &str) -> CgroupFacts {
        parse(text)
    }

    #[test]
    fn system_and_user_units_from_v2_and_v1_lines() {
        let v2 = "0::/system.slice/ssh.service\n";
        assert_eq!(facts(v2).services, ["ssh.service"]);
        assert_eq!(facts(v2).container, None);
        let user = "0::/user.slice/user-1000.slice/user@1000.service/app.slice/pipewire.service\n";
        assert_eq!(facts(user).services, ["pipewire.service"]);
        assert_eq!(
            facts(user).user_unit_of,
            Some(1000),
            "a user unit of uid 1000"
        );
        let session = "0::/user.slice/user-1000.slice/session-2.scope\n";
        assert_eq!(facts(session).services, ["session-2.scope"]);
        assert_eq!(
            facts(session).user_unit_of,
            None,
            "a login scope is the system's"
        );
        let manager = "0::/user.slice/user-1000.slice/user@1000.service/init.scope\n";
        assert_eq!(facts(manager).user_unit_of, Some(1000));
        let itself = "0::/user.slice/user-1000.slice/user@1000.service\n";
        assert_eq!(facts(itself).services, ["user@1000.service"]);
        assert_eq!(
            facts(itself).user_unit_of,
            None,
            "the manager is a system unit"
        );
        assert_eq!(facts(v2).user_unit_of, None);
        let odd = "0::/user.slice/user@x.service/a.service\n";
        assert_eq!(facts(odd).user_unit_of, None);
        // Hybrid: systemd's own v1 hierarchy is the one it tracks units by.
        let hybrid = "9:name=systemd:/system.slice/cron.service\n4:memory:/x\n0::/\n";
        assert_eq!(facts(hybrid).services, ["cron.service"]);
        let moved_in_v2_only = "9:name=systemd:/\n0::/system.slice/x.service\n";
        assert_eq!(facts(moved_in_v2_only).services, ["x.service"]);
        assert_eq!(facts("0::/\n"), CgroupFacts::default());
        assert_eq!(facts("0::/init.scope\n").services, ["init.scope"]);
    }

    #[test]
    fn containers_of_every_runtime_with_their_ids() {
        let docker = facts(&format!("0::/system.slice/docker-{ID}.scope\n"));
        assert_eq!(
            docker.container.as_ref().map(|c| c.runtime),
            Some(ContainerRuntime::Docker)
        );
        assert_eq!(docker.container.as_ref().map(|c| c.id.as_str()), Some(ID));
        assert!(
            docker.services.is_empty(),
            "the container's scope is not a service"
        );
        assert_eq!(docker.container.unwrap().short_id(), "3f2a9c1d4b5e");
        let cgroupfs = facts(&format!("12:name=systemd:/docker/{ID}\n"));
        assert_eq!(
            cgroupfs.container.map(|c| c.runtime),
            Some(ContainerRuntime::Docker)
        );
        let podman = facts(&format!("0::/machine.slice/libpod-{ID}.scope/container\n"));
        assert_eq!(
            podman.container.map(|c| c.runtime),
            Some(ContainerRuntime::Podman)
        );
        let conmon = facts(&format!("0::/machine.slice/libpod-conmon-{ID}.scope\n"));
        assert_eq!(
            conmon.container, None,
            "conmon is the monitor, not the container"
        );
        let containerd = facts(&format!("0::/system.slice/cri-containerd-{ID}.scope\n"));
        assert_eq!(
            containerd.container.map(|c| c.runtime),
            Some(ContainerRuntime::Containerd)
        );
        let pod = facts(&format!(
            "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1234.slice/cri-containerd-{ID}.scope\n"
        ));
        let pod = pod.container.unwrap();
        assert_eq!(
            (pod.runtime, pod.id.as_str()),
            (ContainerRuntime::Kubernetes, ID)
        );
        let pod_v1 = facts(&format!("1:name=systemd:/kubepods/besteffort/pod99/{ID}\n"));
        assert_eq!(
            pod_v1.container.map(|c| c.runtime),
            Some(ContainerRuntime::Kubernetes)
        );
        for lxc in [
            "0::/lxc.payload.web/system.slice/nginx.service\n",
            "0::/lxc/web\n",
        ] {
            let c = facts(lxc).container.unwrap();
            assert_eq!(
                (c.runtime, c.id.as_str(), c.name.as_deref()),
                (ContainerRuntime::Lxc, "web", Some("web"))
            );
        }
        assert_eq!(facts("0::/lxc.monitor.web\n").container, None);
    }

    #[test]
    fn hostile_lines_are_unknown_not_a_panic() {
        let long = format!("0::/system.slice/{}.service\n", "a".repeat(10 * 1024));
        assert_eq!(facts(&long), CgroupFacts::default());
        let long_then_real = format!("{long}9:name=systemd:/system.slice/ok.service\n");
        assert_eq!(facts(&long_then_real).services, ["ok.service"]);
        assert_eq!(
            facts("0::/system.slice/evil\u{202e}.service\n").services,
            Vec::<String>::new()
        );
        assert_eq!(
            facts("0::/system.slice/has space.service\n").services,
            Vec::<String>::new()
        );
        assert_eq!(facts("garbage\n::\n0:\n"), CgroupFacts::default());
        assert_eq!(
            facts("0::/system.slice/docker-xyz.scope\n").services,
            ["docker-xyz.scope"]
        );
        assert_eq!(
            facts("0::/system.slice/docker-xyz.scope\n").container,
            None,
            "not a hex id"
        );
        assert_eq!(facts(""), CgroupFacts::default());
    }

    #[test]
    fn docker_names_from_its_config_file() {
        assert_eq!(
            docker_name(r#"{"ID":"x","Name":"/web-1","State":{}}"#),
            Some("web-1".into())
        );
        assert_eq!(docker_name("{\"Name\":\"/bad\u{202e}\"}"), None);
        assert_eq!(docker_name(r#"{"Name":"/a\"b"}"#), None);
        assert_eq!(docker_name(r#"{"Name":"#), None);
        assert_eq!(docker_name(""), None);
    }
}
