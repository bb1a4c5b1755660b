//! Stable sorting of rows by any column, with a fixed tie-break so equal rows never jump around.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

use super::socket::SocketRow;

/// A column the table can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    /// Program name (case-insensitive).
    Process,
    /// Risk level (trusted rows count as none).
    Risk,
    /// Primary owner PID.
    Pid,
    /// TCP/UDP, then v4/v6.
    Protocol,
    /// Local address.
    LocalAddress,
    /// Local port.
    LocalPort,
    /// Service name from the knowledge base.
    Service,
    /// IANA port class.
    PortClass,
    /// Who can reach the socket.
    Exposure,
    /// Remote address.
    RemoteAddress,
    /// Remote port.
    RemotePort,
    /// TCP state.
    State,
    /// User name.
    User,
    /// Executable path.
    Path,
}

impl Column {
    /// Every column, in table order.
    /// The columns a new user sees: enough to look and judge at 1280 px, with the path visible.
    pub const DEFAULT_SHOWN: [Column; 9] = [
        Column::Process,
        Column::Risk,
        Column::LocalPort,
        Column::Protocol,
        Column::Service,
        Column::Exposure,
        Column::State,
        Column::RemoteAddress,
        Column::Path,
    ];

    /// Every column, in display order.
    pub const ALL: [Column; 14] = [
        Column::Process,
        Column::Risk,
        Column::Pid,
        Column::Protocol,
        Column::LocalAddress,
        Column::LocalPort,
        Column::Service,
        Column::PortClass,
        Column::Exposure,
        Column::RemoteAddress,
        Column::RemotePort,
        Column::State,
        Column::User,
        Column::Path,
    ];
}

/// Ascending or descending.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortOrder {
    /// Smallest first.
    Ascending,
    /// Largest first.
    Descending,
}

/// A column plus a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SortSpec {
    /// Column to sort by.
    pub column: Column,
    /// Direction.
    pub order: SortOrder,
}

impl Default for SortSpec {
    fn default() -> Self {
        SortSpec {
            column: Column::LocalPort,
            order: SortOrder::Ascending,
        }
    }
}

impl SortSpec {
    /// What a click on `column`'s header does: the same column flips direction, another starts ascending.
    pub fn clicked(self, column: Column) -> SortSpec {
        if self.column == column {
            let order = match self.order {
                SortOrder::Ascending => SortOrder::Descending,
                SortOrder::Descending => SortOrder::Ascending,
            };
            SortSpec { column, order }
        } else {
            // Risk is read worst first; every other column from the smallest.
            let order = if column == Column::Risk {
                SortOrder::Descending
            } else {
                SortOrder::Ascending
            };
            SortSpec { column, order }
        }
    }
}

fn compare_by(column: Column, a: &SocketRow, b: &SocketRow) -> Ordering {
    match column {
        Column::Process => a
            .process_name()
            .to_lowercase()
            .cmp(&b.process_name().to_lowercase()),
        Column::Risk => a.assessment.level().cmp(&b.assessment.level()),
        Column::Service => {
            let name = |r: &SocketRow| {
                let a = &r.assessment;
                a.backdoor
                    .as_deref()
                    .or(a.service.as_deref())
                    .map(str::to_owned)
            };
            name(a).cmp(&name(b))
        }
        Column::Exposure => a.assessment.exposure.cmp(&b.assessment.exposure),
        Column::Pid => a.pid().cmp(&b.pid()),
        Column::Protocol => (a.protocol, a.family()).cmp(&(b.protocol, b.family())),
        Column::LocalAddress => a.local_address.cmp(&b.local_address),
        Column::LocalPort => a.local_port.cmp(&b.local_port),
        Column::PortClass => a.port_class().cmp(&b.port_class()),
        Column::RemoteAddress => a.remote_address.cmp(&b.remote_address),
        Column::RemotePort => a.remote_port.cmp(&b.remote_port),
        Column::State => a.state.cmp(&b.state),
        Column::User => a.user().cmp(&b.user()),
        Column::Path => a.path().cmp(&b.path()),
    }
}

/// The secondary key: endpoints then owner, always ascending, so ties keep one order.
fn tie_break(a: &SocketRow, b: &SocketRow) -> Ordering {
    a.local_port
        .cmp(&b.local_port)
        .then(a.protocol.cmp(&b.protocol))
        .then(a.local_address.cmp(&b.local_address))
        .then(a.remote_address.cmp(&b.remote_address))
        .then(a.remote_port.cmp(&b.remote_port))
        .then(a.pid().cmp(&b.pid()))
}

/// Compare two rows by `spec`; the tie-break stays ascending whichever way the primary key goes.
pub fn compare(a: &SocketRow, b: &SocketRow, spec: SortSpec) -> Ordering {
    let primary = compare_by(spec.column, a, b);
    let primary = match spec.order {
        SortOrder::Ascending => primary,
        SortOrder::Descending => primary.reverse(),
    };
    primary.then_with(|| tie_break(a, b))
}

/// Sort `rows` in place by `spec`.
pub fn sort_rows(rows: &mut [SocketRow], spec: SortSpec) {
    rows.sort_by(|a, b| compare(a, b, spec));
}

/// Sort a list of indices into `rows` instead of the rows themselves (the UI keeps rows in place).
pub fn sort_indices(rows: &[SocketRow], indices: &mut [usize], spec: SortSpec) {
    indices.sort_by(|&i, &j| compare(&rows[i], &rows[j], spec));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TcpState;
    use crate::model::fixtures::{tcp, udp};

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
    fn clicking_another_column_starts_ascending() {
        let spec = SortSpec {
            column: Column::Pid,
            order: SortOrder::Descending,
        };
        assert_eq!(
            spec.clicked(Column::Path),
            SortSpec {
                column: Column::Path,
                order: SortOrder::Ascending
            }
        );
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
}
