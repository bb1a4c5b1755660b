//! Windows' extended TCP statistics for one connection, read from the bytes
//! `GetPerTcpConnectionEStats` writes (`TCP_ESTATS_DATA_ROD_v0`). Plain bytes in, counts out, so
//! the reading is tested on every system; `win32::tcp_connection_estats` makes the call.

use crate::model::Traffic;

/// The size of `TCP_ESTATS_DATA_ROD_v0`: six `u64`s, five `u32`s (padded to 72),
/// `ThruBytesAcked`, `RcvNxt` (padded to 88) and `ThruBytesReceived`.
pub const ROD_LEN: usize = 96;

/// `DataBytesOut` and `DataBytesIn`: the data bytes this end sent and received.
const DATA_BYTES_OUT: std::ops::Range<usize> = 0..8;
const DATA_BYTES_IN: std::ops::Range<usize> = 16..24;

/// The data bytes sent and received in a `TCP_ESTATS_DATA_ROD_v0` as Windows wrote it
/// (little-endian, as every Windows this runs on); `None` for a short buffer.
pub fn traffic_from_rod(rod: &[u8]) -> Option<Traffic> {
    let at = |r: std::ops::Range<usize>| -> Option<u64> {
        Some(u64::from_le_bytes(rod.get(r)?.try_into().ok()?))
    };
    if rod.len() < ROD_LEN {
        return None;
    }
    Some(Traffic {
        sent: at(DATA_BYTES_OUT)?,
        received: at(DATA_BYTES_IN)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `TCP_ESTATS_DATA_ROD_v0` laid out field by field as windows-sys declares it (not
    /// captured from a real Windows: there is none here).
    fn rod(out: u64, segs_out: u64, inn: u64, acked: u64, received: u64) -> Vec<u8> {
        let mut b = Vec::with_capacity(ROD_LEN);
        for v in [out, segs_out, inn, 7, 9, 11] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        for v in [0u32, 0, 1, 2, 3] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&[0; 4]); // padding to 72
        b.extend_from_slice(&acked.to_le_bytes());
        b.extend_from_slice(&5u32.to_le_bytes());
        b.extend_from_slice(&[0; 4]); // padding to 88
        b.extend_from_slice(&received.to_le_bytes());
        b
    }

    #[test]
    fn data_bytes_come_from_their_fields_not_the_neighbours() {
        let bytes = rod(3_000_000, 2_100, 70_000, 2_999_999, 69_999);
        assert_eq!(bytes.len(), ROD_LEN);
        assert_eq!(
            traffic_from_rod(&bytes),
            Some(Traffic {
                sent: 3_000_000,
                received: 70_000
            })
        );
        assert_eq!(traffic_from_rod(&bytes[..ROD_LEN - 1]), None);
        assert_eq!(traffic_from_rod(&[]), None);
    }
}
