//! Excel and OpenDocument workbooks (via `calamine`): one sheet read as a
//! table, its first non-empty row the header; cells located as `C12`.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

use super::problem::{At, Problem};
use super::read::{Row, Table};

/// A cell's value as text: whole numbers without `.0` (an id `609` stays
/// `609`; one written as text `00000609` keeps its zeros).
fn cell(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => date(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Reads `sheet` (default: the first) of the workbook at `path`.
pub fn read(path: &Path, name: &str, sheet: Option<&str>) -> Result<Table, Vec<Problem>> {
    let fail = |at: At, m: String| vec![Problem::error(at, m)];
    let mut wb = open_workbook_auto(path)
        .map_err(|e| fail(At::file(name), format!("cannot read this workbook: {e}")))?;
    let names = wb.sheet_names();
    let chosen = match sheet {
        Some(s) if names.iter().any(|n| n == s) => s.to_string(),
        Some(s) => {
            return Err(fail(
                At::file(name),
                format!(
                    "no sheet `{s}`{}; its sheets are {}",
                    super::problem::suggest(s, names.iter().map(String::as_str)),
                    names.join(", ")
                ),
            ))
        }
        None => match names.first() {
            Some(n) => n.clone(),
            None => return Err(fail(At::file(name), "this workbook has no sheets".into())),
        },
    };
    let range = wb
        .worksheet_range(&chosen)
        .map_err(|e| fail(At::file(name), format!("cannot read sheet `{chosen}`: {e}")))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut table = Table {
        name: name.to_string(),
        sheet: Some(chosen.clone()),
        ..Table::default()
    };
    let mut header_seen = false;
    for (i, r) in range.rows().enumerate() {
        let cells: Vec<String> = r.iter().map(cell).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if !header_seen {
            table.columns = cells;
            header_seen = true;
            continue;
        }
        let mut at = At::file(name);
        at.sheet = Some(chosen.clone());
        at.row = top as usize + i + 1;
        let mut cells = cells;
        cells.resize(table.columns.len(), String::new());
        table.rows.push(Row { at, cells });
    }
    // Cells are located from column A even when the sheet starts later.
    table.left = left as usize;
    Ok(table)
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD`.
fn date(serial: f64) -> String {
    let days = serial.floor() as i64 - 25569; // to days since 1970-01-01
                                              // Howard Hinnant's civil_from_days.
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn excel_dates() {
        assert_eq!(super::date(45292.0), "2024-01-01");
    }
}
