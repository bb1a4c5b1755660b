//! The sort order of the table: which column, which direction, and the fixed tie-break so equal
//! rows never jump around. Each column's own key is the column registry's (`columns::compare`).

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
    /// Where the program comes from: package, container or service unit (issue 16).
    Origin,
    /// The network namespace, where it is not the host's own (issue 16).
    Netns,
    /// Executable path.
    Path,
    /// Bytes sent on the socket (TCP on Linux).
    Sent,
    /// Bytes received on the socket.
    Received,
    /// Bytes per second since the previous poll.
    Rate,
}

impl Column {
    /// Every column, in display order.
    pub const ALL: [Column; 19] = [
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
        Column::Origin,
        Column::Netns,
        Column::Path,
        Column::Sent,
        Column::Received,
        Column::Rate,
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

/// The primary comparison of two rows (a column's key, ascending) turned the way `order` says,
/// then the tie-break, always ascending whichever way the primary key goes. Each column's key is
/// the column registry's (`columns::compare`).
pub fn ordered(primary: Ordering, order: SortOrder, a: &SocketRow, b: &SocketRow) -> Ordering {
    let primary = match order {
        SortOrder::Ascending => primary,
        SortOrder::Descending => primary.reverse(),
    };
    primary.then_with(|| tie_break(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicking_another_column_starts_ascending_and_risk_worst_first() {
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
        assert_eq!(spec.clicked(Column::Risk).order, SortOrder::Descending);
        assert_eq!(spec.clicked(Column::Pid).order, SortOrder::Ascending);
    }
}
