//! The registry's unit tests: one entry per column, and each column's text, sort key and search
//! text as the outputs use them.

use super::*;
use crate::i18n::Lang;
use crate::model::TcpState;
use crate::model::fixtures::tcp;
use crate::model::fixtures::udp;
use crate::model::{SortOrder, SortSpec};

#[test]
fn every_column_has_one_entry_in_table_order() {
    assert_eq!(REGISTRY.len(), Column::ALL.len());
    for (d, c) in REGISTRY.iter().zip(Column::ALL) {
        assert_eq!(d.column, c);
        assert_eq!(def(c).column, c);
    }
}

#[test]
fn copy_row_holds_every_column_and_a_deleted_path_says_so() {
    let tr = Tr::new(Lang::En);
    let mut row = tcp("0.0.0.0", 4444, TcpState::Listen, 77, "nc");
    let p = std::sync::Arc::make_mut(row.process_mut().unwrap());
    p.path = Some("/tmp/nc".into());
    p.exe_deleted = true;
    let line = row_as_text(&row, &tr);
    assert_eq!(line.split('\t').count(), REGISTRY.len(), "{line}");
    assert!(line.contains("\t/tmp/nc (deleted)\t"), "{line}");
    assert_eq!(text_or(&row, Column::Path, &tr, "-"), "/tmp/nc (deleted)");
}

// Sorting (these were `model::sort`'s before the keys moved here).

fn ports(rows: &[SocketRow]) -> Vec<u16> {
    rows.iter().map(|r| r.local_port).collect()
}

fn sample() -> Vec<SocketRow> {
    vec![
        tcp("127.0.0.1", 8080, TcpState::Listen, 300, "python3"),
        udp("0.0.0.0", 53, 100, "dnsmasq"),
        tcp("0.0.0.0", 22, TcpState::Listen, 200, "sshd"),
        tcp("::1", 631, TcpState::Listen, 100, "Cupsd"),
    ]
}

#[test]
fn sorts_by_port_both_ways() {
    let mut rows = sample();
    sort_rows(&mut rows, SortSpec::default());
    assert_eq!(ports(&rows), vec![22, 53, 631, 8080]);
    sort_rows(&mut rows, SortSpec::default().clicked(Column::LocalPort));
    assert_eq!(ports(&rows), vec![8080, 631, 53, 22]);
}

#[test]
fn process_sort_ignores_case() {
    let mut rows = sample();
    let spec = SortSpec {
        column: Column::Process,
        order: SortOrder::Ascending,
    };
    sort_rows(&mut rows, spec);
    let names: Vec<_> = rows.iter().map(|r| r.process_name()).collect();
    assert_eq!(names, vec!["Cupsd", "dnsmasq", "python3", "sshd"]);
}

#[test]
fn ties_break_by_port_ascending_in_either_direction() {
    let mut rows = sample();
    for order in [SortOrder::Ascending, SortOrder::Descending] {
        sort_rows(
            &mut rows,
            SortSpec {
                column: Column::Pid,
                order,
            },
        );
        let pid100: Vec<u16> = rows
            .iter()
            .filter(|r| r.pid() == Some(100))
            .map(|r| r.local_port)
            .collect();
        assert_eq!(pid100, vec![53, 631], "{order:?}");
    }
}

#[test]
fn udp_rows_without_state_sort_first_ascending() {
    let mut rows = sample();
    sort_rows(
        &mut rows,
        SortSpec {
            column: Column::State,
            order: SortOrder::Ascending,
        },
    );
    assert_eq!(rows[0].local_port, 53);
}

#[test]
fn index_sort_matches_row_sort() {
    let rows = sample();
    for column in Column::ALL {
        let spec = SortSpec {
            column,
            order: SortOrder::Descending,
        };
        let mut sorted = rows.clone();
        sort_rows(&mut sorted, spec);
        let mut idx: Vec<usize> = (0..rows.len()).collect();
        sort_indices(&rows, &mut idx, spec);
        let via_idx: Vec<SocketRow> = idx.iter().map(|&i| rows[i].clone()).collect();
        assert_eq!(via_idx, sorted, "{column:?}");
    }
}

// Search (these were `model::filter`'s before the search text moved here).

fn shown(f: &RowFilter) -> Vec<u16> {
    crate::model::fixtures::desktop()
        .iter()
        .filter(|r| matches(f, r))
        .map(|r| r.local_port)
        .collect()
}

#[test]
fn text_matches_any_column_case_insensitively() {
    let cases: &[(&str, &[u16])] = &[
        ("", &[22, 631, 5353, 51000]),
        ("SSHD", &[22]),
        ("443", &[51000]),
        ("udp", &[5353]),
        ("/usr/bin/cups", &[631]),
        ("listen 0.0.0.0", &[22]),
        ("established", &[51000]),
        ("well-known", &[22, 631]),
        ("nothing-like-this", &[]),
    ];
    for (text, expected) in cases {
        let f = RowFilter {
            text: (*text).into(),
            ..Default::default()
        };
        assert_eq!(shown(&f), *expected, "filter {text:?}");
    }
}

#[test]
fn search_sees_through_invisible_characters_in_a_name() {
    for name in ["ss\u{200b}hd", "sshd\u{a0}", "\u{feff}sshd"] {
        let row = tcp("0.0.0.0", 2222, TcpState::Listen, 1, name);
        let f = RowFilter {
            text: "sshd".into(),
            ..Default::default()
        };
        assert!(matches(&f, &row), "{name:?}");
    }
}

#[test]
fn hostile_text_is_just_text() {
    let mut row = tcp(
        "0.0.0.0",
        4444,
        TcpState::Listen,
        1,
        "=cmd|' /C calc'!A0\u{202e}",
    );
    std::sync::Arc::make_mut(row.process_mut().unwrap()).path = None;
    let f = RowFilter {
        text: "=cmd|".into(),
        ..Default::default()
    };
    assert!(matches(&f, &row));
}

#[test]
fn a_new_user_sees_the_columns_to_look_and_judge_in_table_order() {
    let shown = default_shown();
    for c in [
        Column::Process,
        Column::Risk,
        Column::LocalPort,
        Column::Exposure,
        Column::RemoteAddress,
        Column::Path,
    ] {
        assert!(shown.contains(&c), "{c:?}");
    }
    assert!(!shown.contains(&Column::Pid));
    let rank = |c: &Column| Column::ALL.iter().position(|x| x == c);
    assert!(
        shown.windows(2).all(|w| rank(&w[0]) < rank(&w[1])),
        "{shown:?}"
    );
}

/// A row of `name` with this origin.
fn with_origin(name: &str, origin: crate::model::Origin) -> SocketRow {
    let mut row = tcp("0.0.0.0", 22, TcpState::Listen, 812, name);
    std::sync::Arc::make_mut(row.process_mut().unwrap()).origin = origin;
    row
}

fn package(verified: Option<bool>) -> crate::model::Package {
    crate::model::Package {
        manager: crate::model::PackageManager::Dpkg,
        name: "openssh-server".into(),
        version: Some("1:9.2p1-2".into()),
        verified,
        expected_digest: None,
        actual_digest: None,
        update_verified: None,
    }
}

#[test]
fn comes_from_names_the_package_container_or_unit_in_both_languages() {
    use crate::model::{Ancestor, Container, ContainerRuntime, Origin};
    let (en, zh) = (Tr::new(Lang::En), Tr::new(Lang::Zh));
    let known = |o: Origin| Origin {
        package_unknown: false,
        ..o
    };
    let text = |o: Origin, tr: &Tr| text_or(&with_origin("sshd", o), Column::Origin, tr, "-");
    let verified = known(Origin {
        package: Some(package(Some(true))),
        services: vec!["ssh.service".into()],
        ..Origin::default()
    });
    assert_eq!(text(verified.clone(), &en), "openssh-server ✔");
    assert_eq!(text(verified, &zh), "openssh-server ✔");
    let modified = known(Origin {
        package: Some(package(Some(false))),
        ..Origin::default()
    });
    assert_eq!(text(modified.clone(), &en), "openssh-server ✖ modified");
    assert_eq!(text(modified, &zh), "openssh-server ✖ 已被改动");
    let checking = known(Origin {
        package: Some(package(None)),
        package_pending: true,
        ..Origin::default()
    });
    assert_eq!(text(checking, &en), "openssh-server (checking…)");
    let looking = Origin {
        package_pending: true,
        ..known(Origin::default())
    };
    assert_eq!(text(looking, &zh), "检查中…");
    let unit = known(Origin {
        services: vec!["ssh.service".into()],
        ..Origin::default()
    });
    assert_eq!(text(unit, &en), "ssh.service");
    let id = "3f2a9c1d4b5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8";
    let docker = Origin {
        container: Some(Container {
            runtime: ContainerRuntime::Docker,
            id: id.into(),
            name: None,
        }),
        ancestry: vec![Ancestor {
            pid: 700,
            name: "containerd-shim".into(),
        }],
        ..Origin::default()
    };
    assert_eq!(text(docker.clone(), &en), "docker: 3f2a9c1d4b5e");
    assert_eq!(text(known(Origin::default()), &en), "not from a package");
    assert_eq!(text(known(Origin::default()), &zh), "不来自软件包");
    assert_eq!(text(Origin::default(), &en), "-", "nothing could be told");
    // Search finds every part of it.
    let row = with_origin("x", docker);
    for word in ["docker", "3f2a9c", "containerd-shim"] {
        let f = RowFilter {
            text: word.into(),
            ..Default::default()
        };
        assert!(matches(&f, &row), "{word}");
    }
    let row = with_origin(
        "x",
        Origin {
            package: Some(package(Some(true))),
            services: vec!["ssh.service".into()],
            ..Origin::default()
        },
    );
    for word in ["openssh", "dpkg", "ssh.service", "9.2p1"] {
        let f = RowFilter {
            text: word.into(),
            ..Default::default()
        };
        assert!(matches(&f, &row), "{word}");
    }
}

#[test]
fn comes_from_names_the_signer_on_windows_and_search_finds_it() {
    use crate::model::Origin;
    let en = Tr::new(Lang::En);
    let signed = with_origin(
        "svchost.exe",
        Origin {
            signature: Some(crate::model::fixtures::signature(
                crate::model::SignatureStatus::Valid,
                Some("Microsoft Windows"),
                None,
            )),
            ..Origin::default()
        },
    );
    assert_eq!(
        text_or(&signed, Column::Origin, &en, "-"),
        "Microsoft Windows ✔"
    );
    for word in ["microsoft", "valid"] {
        let f = RowFilter {
            text: word.into(),
            ..Default::default()
        };
        assert!(matches(&f, &signed), "{word}");
    }
}

#[test]
fn talking_to_the_internet_keeps_public_peers_and_search_finds_the_host_name() {
    let mut rows = crate::model::fixtures::desktop();
    let public = rows.iter_mut().find(|r| r.local_port == 51000).unwrap();
    std::sync::Arc::make_mut(&mut public.assessment).public_peer = true;
    public.remote_host = Some(std::sync::Arc::new(crate::model::RemoteHost {
        name: "edge.example.net".into(),
        verified: true,
    }));
    let internet = RowFilter {
        quick: crate::model::QuickFilter {
            internet_only: true,
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(matching_indices(&internet, &rows, &[]), [3]);
    for text in ["edge.example", "EXAMPLE.NET"] {
        let f = RowFilter {
            text: text.into(),
            ..Default::default()
        };
        assert_eq!(matching_indices(&f, &rows, &[]), [3], "{text}");
    }
}

#[test]
fn the_network_namespace_column_names_it_and_search_finds_it() {
    let tr = Tr::new(Lang::En);
    let host = tcp("0.0.0.0", 8080, TcpState::Listen, 1, "node");
    let mut named = host.clone();
    named.netns = Some(std::sync::Arc::new(crate::model::NetNs {
        id: 4_026_532_281,
        name: Some("lab\u{7}".into()),
    }));
    let mut unnamed = host.clone();
    unnamed.netns = Some(std::sync::Arc::new(crate::model::NetNs {
        id: 4_026_532_400,
        name: None,
    }));
    let d = def(Column::Netns);
    assert!(!d.shown, "hidden by default");
    assert_eq!((d.text)(&host, &tr), None);
    assert_eq!(
        (d.text)(&named, &tr).as_deref(),
        Some("lab\\u{7}"),
        "escaped"
    );
    assert_eq!((d.text)(&unnamed, &tr).as_deref(), Some("net:[4026532400]"));
    assert!(search_text(&named).contains("lab"));
    assert!(search_text(&named).contains("net:[4026532281]"));
    assert!(search_text(&unnamed).contains("net:[4026532400]"));
    assert!(!search_text(&host).contains("net:["));
}
