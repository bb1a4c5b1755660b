//! Validation of the built-in knowledge base and the services parser.

use super::*;

fn builtin() -> KnowledgeBase {
    KnowledgeBase::parse(BUILTIN).expect("assets/ports.toml parses and validates")
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn builtin_base_is_large_and_bilingual() {
    let kb = builtin();
    assert!(kb.len() >= 150, "only {} port entries", kb.len());
    for e in kb.ports.values() {
        assert!(
            has_cjk(e.description(Lang::Zh)) && has_cjk(e.advice(Lang::Zh)),
            "port {} lacks Chinese text",
            e.port
        );
        assert!(
            e.description(Lang::En)
                .chars()
                .any(|c| c.is_ascii_alphabetic()),
            "port {} lacks English text",
            e.port
        );
    }
}

#[test]
fn guide_ports_are_all_covered() {
    let kb = builtin();
    let tcp = [
        21, 22, 23, 25, 53, 79, 80, 110, 135, 139, 143, 389, 443, 445, 1433, 3306, 3389, 5432,
        5900, 6379, 8080, 27017,
    ];
    let udp = [53, 67, 68, 69, 123, 137, 138, 161, 1900, 5353, 4000, 8000];
    for p in tcp {
        assert!(kb.port(p, Protocol::Tcp).is_some(), "tcp {p} missing");
    }
    for p in udp {
        assert!(kb.port(p, Protocol::Udp).is_some(), "udp {p} missing");
    }
    assert!(
        kb.port(4000, Protocol::Udp)
            .unwrap()
            .description(Lang::En)
            .contains("QQ")
    );
}

#[test]
fn backdoors_have_names_sources_and_required_ports() {
    let kb = builtin();
    for b in kb.backdoors() {
        assert!(
            !b.source.trim().is_empty(),
            "backdoor {} has no source",
            b.port
        );
        assert!(
            has_cjk(b.description(Lang::Zh)),
            "backdoor {} lacks Chinese",
            b.port
        );
        // Sources cite public references, never a folder of the developers' workspace.
        assert!(
            !b.source.contains("shared/") && !b.source.contains("reference)"),
            "backdoor {} cites a workspace folder: {}",
            b.port,
            b.source
        );
    }
    for p in [
        7626, 8011, 7306, 1024, 12345, 12346, 20034, 31337, 54320, 54321, 27374, 4444,
    ] {
        assert!(
            kb.backdoor(p, Protocol::Tcp).is_some() || kb.backdoor(p, Protocol::Udp).is_some(),
            "backdoor port {p} missing"
        );
    }
    assert!(
        kb.backdoor(7626, Protocol::Tcp)
            .unwrap()
            .name
            .contains("冰河")
    );
}

#[test]
fn duplicates_and_empty_texts_are_rejected() {
    let entry = |port: u16, proto: &str, en: &str| {
        format!(
            "[[port]]\nport = {port}\nprotocol = \"{proto}\"\nservice = \"X\"\ncategory = \"web\"\nowners = []\nexposed_risk = \"low\"\ntext.en = \"{en}\"\ntext.zh = \"中\"\nadvice.en = \"a\"\nadvice.zh = \"中\"\n"
        )
    };
    let dup = format!("{}{}", entry(80, "both", "x"), entry(80, "tcp", "y"));
    assert!(matches!(
        KnowledgeBase::parse(&dup),
        Err(KbError::Duplicate { port: 80, .. })
    ));
    assert!(matches!(
        KnowledgeBase::parse(&entry(81, "tcp", " ")),
        Err(KbError::Empty { field, .. }) if field == "text.en"
    ));
    let unknown_key = format!("{}colour = \"red\"\n", entry(82, "tcp", "x"));
    assert!(matches!(
        KnowledgeBase::parse(&unknown_key),
        Err(KbError::Parse(_))
    ));
    assert!(KnowledgeBase::parse(&entry(83, "udp", "fine")).is_ok());
}

#[test]
fn services_file_parsing_and_fallback() {
    let text = "# comment\nssh\t\t22/tcp\nsunrpc 111/udp portmapper # rpc\nbad line\nweird 70000/tcp\nx 5/sctp\n";
    let map = parse_services(text);
    assert_eq!(
        map.get(&(22, Protocol::Tcp)).map(String::as_str),
        Some("ssh")
    );
    assert_eq!(
        map.get(&(111, Protocol::Udp)).map(String::as_str),
        Some("sunrpc")
    );
    assert_eq!(map.len(), 2);
    let kb = KnowledgeBase {
        system_services: map,
        ..Default::default()
    };
    assert_eq!(kb.service_name(111, Protocol::Udp), Some("sunrpc"));
    assert_eq!(kb.service_name(111, Protocol::Tcp), None);
}

#[test]
fn owner_matching_handles_case_exe_paths_and_truncation() {
    let p = |name: &str, path: Option<&str>| ProcessInfo {
        pid: 1,
        name: name.into(),
        path: path.map(Into::into),
        cmdline: vec![],
        user: None,
        started_at: None,
        parent_pid: None,
        exe_deleted: false,
        exe_replaced: false,
        start_token: None,
        origin: Default::default(),
    };
    let owners = vec![
        "sshd".to_owned(),
        "svchost.exe".to_owned(),
        "systemd-resolved".to_owned(),
        "cupsd".to_owned(),
    ];
    assert!(owner_matches(&owners, &p("sshd", None)));
    assert!(owner_matches(&owners, &p("SVCHOST.EXE", None)));
    assert!(owner_matches(
        &owners,
        &p("systemd-resolve", Some("/usr/lib/systemd/systemd-resolved"))
    ));
    // A program whose file was deleted (or replaced by an update) is still that program.
    assert!(owner_matches(
        &owners,
        &ProcessInfo {
            exe_deleted: true,
            ..p("cups", Some("/usr/sbin/cupsd"))
        }
    ));
    assert!(!owner_matches(&owners, &p("nc", Some("/usr/bin/nc"))));
    assert!(!owner_matches(&owners, &p("sshd-evil", None)));
}

#[test]
fn chinese_service_names_where_a_natural_one_exists() {
    let kb = builtin();
    let name = |port, protocol| kb.port(port, protocol).unwrap();
    for (port, zh) in [
        (3389, "远程桌面 (RDP)"),
        (445, "SMB (Windows 文件共享)"),
        (8000, "开发用网页服务器 (Python、Django)"),
    ] {
        let e = name(port, Protocol::Tcp);
        assert_eq!(e.service_in(Lang::Zh), zh, "tcp {port}");
        assert_eq!(e.service_in(Lang::En), e.service, "tcp {port}");
        assert_eq!(kb.service_name_in(&e.service, Lang::Zh), zh, "tcp {port}");
        assert_eq!(kb.service_name_in(&e.service, Lang::En), e.service);
    }
    // A name with no natural Chinese form stays as it is; so does one the base doesn't know.
    assert_eq!(name(22, Protocol::Tcp).service_in(Lang::Zh), "SSH");
    assert_eq!(kb.service_name_in("sunrpc", Lang::Zh), "sunrpc");
    for e in kb.ports.values() {
        if let Some(zh) = e.service_name.get(Lang::Zh) {
            assert!(has_cjk(zh), "tcp/udp {}: {zh:?} is not Chinese", e.port);
        }
    }
}

#[test]
fn one_service_with_two_chinese_names_is_refused() {
    let entry = |port: u16, zh: &str| {
        format!(
            "[[port]]\nport = {port}\nprotocol = \"tcp\"\nservice = \"Web\"\nservice_name.zh = \"{zh}\"\n\
             category = \"web\"\nowners = []\nexposed_risk = \"low\"\ntext.en = \"a\"\ntext.zh = \"甲\"\n\
             advice.en = \"b\"\nadvice.zh = \"乙\"\n"
        )
    };
    let same = format!("{}{}", entry(1, "网页"), entry(2, "网页"));
    assert!(KnowledgeBase::parse(&same).is_ok());
    let two = format!("{}{}", entry(1, "网页"), entry(2, "网站"));
    assert!(matches!(
        KnowledgeBase::parse(&two),
        Err(KbError::ConflictingName { lang: Lang::Zh, .. })
    ));
    let empty = entry(1, " ");
    assert!(matches!(
        KnowledgeBase::parse(&empty),
        Err(KbError::Empty { field, .. }) if field == "service_name.zh"
    ));
}

#[test]
fn every_language_must_have_its_text_and_an_unknown_language_is_refused() {
    let entry = |texts: &str| {
        format!(
            "[[port]]\nport = 1\nprotocol = \"tcp\"\nservice = \"Web\"\ncategory = \"web\"\n\
             owners = []\nexposed_risk = \"low\"\n{texts}"
        )
    };
    let full = "text.en = \"a\"\ntext.zh = \"甲\"\nadvice.en = \"b\"\nadvice.zh = \"乙\"\n";
    assert!(KnowledgeBase::parse(&entry(full)).is_ok());
    let no_zh_advice = "text.en = \"a\"\ntext.zh = \"甲\"\nadvice.en = \"b\"\n";
    assert!(matches!(
        KnowledgeBase::parse(&entry(no_zh_advice)),
        Err(KbError::Empty { field, .. }) if field == "advice.zh"
    ));
    let blank_en = "text.en = \" \"\ntext.zh = \"甲\"\nadvice.en = \"b\"\nadvice.zh = \"乙\"\n";
    assert!(matches!(
        KnowledgeBase::parse(&entry(blank_en)),
        Err(KbError::Empty { field, .. }) if field == "text.en"
    ));
    let klingon = format!("{full}text.tlh = \"x\"\n");
    let err = KnowledgeBase::parse(&entry(&klingon))
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown language \"tlh\""), "{err}");
}
