//! The window's Block buttons (issue 18, part 6) over a fake firewall service: the button asks
//! first, the block reaches the service only after **Block**, the banner shows the result with
//! **Undo**, the **Blocked ports** window lists what the service holds with **Unblock**, and the
//! details say "Blocked by PortScope …". The real service (nft or the pkexec helper) is tested
//! by `block_netns`; a window test must never touch the host's firewall.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portscope::app::PortScopeApp;
use portscope::block::{Block, BlockId, Lifetime, Request};
use portscope::i18n::Tr;
use portscope::risk::TrustStore;
use portscope::ui::blocks_panel::{BlockService, banner, install_service};

use super::{build, snapshot};

/// Holds blocks in memory and records every call.
#[derive(Default)]
struct FakeFirewall {
    blocks: Mutex<Vec<Block>>,
    calls: Mutex<Vec<String>>,
}

impl FakeFirewall {
    /// The changes asked for (reading the list, which the window may do on its own, left out).
    fn changes(&self) -> Vec<String> {
        let calls = self.calls.lock().unwrap();
        calls.iter().filter(|c| *c != "list").cloned().collect()
    }
}

impl BlockService for FakeFirewall {
    fn block(&self, request: &Request, _tr: &Tr) -> Result<String, String> {
        self.calls
            .lock()
            .unwrap()
            .push(format!("block {} {:?}", request.id, request.lifetime));
        let secs = request.lifetime.secs();
        let block = Block::new(
            request.id,
            request.lifetime.kind(),
            secs,
            chrono::Utc::now(),
        );
        self.blocks.lock().unwrap().push(block);
        Ok(format!("Blocked {}", request.id))
    }

    fn unblock(&self, id: BlockId, _tr: &Tr) -> Result<String, String> {
        self.calls.lock().unwrap().push(format!("unblock {id}"));
        let mut blocks = self.blocks.lock().unwrap();
        let before = blocks.len();
        blocks.retain(|b| b.id != id);
        if blocks.len() == before {
            return Err(format!("{id} is not blocked"));
        }
        Ok(format!("Unblocked {id}"))
    }

    fn list(&self, _tr: &Tr) -> Result<Vec<Block>, String> {
        self.calls.lock().unwrap().push("list".into());
        Ok(self.blocks.lock().unwrap().clone())
    }
}

/// Run frames until `done` holds (the worker thread answers within a moment).
fn run_until(
    h: &mut Harness<'static, PortScopeApp>,
    done: impl Fn(&Harness<'static, PortScopeApp>) -> bool,
) {
    for _ in 0..100 {
        h.run();
        if done(h) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the window never showed the result");
}

#[test]
fn block_asks_first_then_blocks_shows_undo_and_the_blocked_list() {
    let (mut h, _) = build(snapshot(), (TrustStore::in_memory(), None));
    let fake = Arc::new(FakeFirewall::default());
    install_service(&h.ctx, fake.clone());
    h.get_all_by_label("webserver").next().unwrap().click();
    h.run();
    h.get_by_label("Block port…").click();
    h.run();
    h.get_by_label("Block for 1 hour").click();
    h.run();
    assert!(
        h.query_by_label("Block this port?").is_some(),
        "it asks first"
    );
    assert!(fake.changes().is_empty(), "nothing before confirming");
    h.get_by_label("Block").click();
    run_until(&mut h, |h| banner(&h.ctx).is_some());
    let tcp8080 = BlockId {
        protocol: portscope::model::Protocol::Tcp,
        port: 8080,
    };
    assert_eq!(
        fake.changes(),
        [format!("block tcp-8080 {:?}", Lifetime::For(3600))]
    );
    let shown = banner(&h.ctx).unwrap();
    assert!(shown.ok && shown.text == "Blocked tcp-8080", "{shown:?}");
    assert_eq!(shown.undo, Some(tcp8080));

    h.get_by_label("Blocked ports…").click();
    run_until(&mut h, |h| h.query_by_label("TCP port 8080").is_some());
    assert!(h.query_by_label("Unblock").is_some());
    assert!(
        h.query_by_label_contains("Blocked by PortScope for 1 h")
            .is_some(),
        "the details say it is blocked"
    );

    // The banner is in the details and in the Blocked ports window: either Undo does it.
    h.get_all_by_label("Undo").next().unwrap().click();
    run_until(&mut h, |h| banner(&h.ctx).is_some_and(|b| b.undo.is_none()));
    assert_eq!(banner(&h.ctx).unwrap().text, "Unblocked tcp-8080");
    assert!(fake.blocks.lock().unwrap().is_empty());
    h.get_by_label("Read from the firewall").click();
    run_until(&mut h, |h| h.query_by_label("TCP port 8080").is_none());
    assert!(
        h.query_by_label_contains("PortScope blocks no ports")
            .is_some()
    );
}

#[test]
fn cancelling_the_question_blocks_nothing() {
    let (mut h, _) = build(snapshot(), (TrustStore::in_memory(), None));
    let fake = Arc::new(FakeFirewall::default());
    install_service(&h.ctx, fake.clone());
    h.get_all_by_label("sshd").next().unwrap().click();
    h.run();
    h.get_by_label("Block port…").click();
    h.run();
    h.get_by_label("Block always").click();
    h.run();
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Block this port?").is_none());
    std::thread::sleep(Duration::from_millis(100));
    h.run();
    assert!(fake.changes().is_empty());
    assert_eq!(banner(&h.ctx), None);
}
