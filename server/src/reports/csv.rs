//! A table as CSV for Excel and other tools: UTF-8 with a byte-order mark (so Excel reads the
//! names right), comma-separated, every field holding a comma, semicolon (Excel's separator in
//! Indonesian), quote or line break quoted, rupiah as plain integers, days as `YYYY-MM-DD`. A
//! text starting with `=`, `+`, `-` or `@` gets a leading `'` so a spreadsheet never runs it as a
//! formula.

use super::{Cell, Table};
use crate::web::Lang;

/// The UTF-8 byte-order mark.
const BOM: &str = "\u{feff}";

/// `table` as CSV bytes, headers in `lang`, after the `preface` lines (each written as one
/// quoted field, e.g. who made an export and when).
pub fn write(table: &Table, lang: Lang, preface: &[String]) -> Vec<u8> {
    let mut out = String::from(BOM);
    for line in preface {
        push_line(&mut out, [quote(line)]);
    }
    push_line(
        &mut out,
        table.columns.iter().map(|c| quote(c.title.in_(lang))),
    );
    for row in &table.rows {
        push_line(&mut out, row.iter().map(field));
    }
    out.into_bytes()
}

/// Append one line of already-quoted fields.
fn push_line(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let fields: Vec<String> = fields.into_iter().collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// One cell as a CSV field.
fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => quote(&defused(t)),
        Cell::Count(n) | Cell::Rupiah(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
    }
}

/// `text` with a leading `'` when a spreadsheet would read it as a formula.
fn defused(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// `text` quoted when it holds a separator, a quote or a line break.
fn quote(text: &str) -> String {
    if text.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::{Column, ColumnKind};
    use crate::web::Bi;

    #[test]
    fn fields_are_quoted_and_numbers_plain() {
        let table = Table {
            columns: vec![
                Column {
                    title: Bi("Nama", "Name"),
                    kind: ColumnKind::Text,
                },
                Column {
                    title: Bi("Jumlah", "Amount"),
                    kind: ColumnKind::Rupiah,
                },
            ],
            rows: vec![
                vec![Cell::Text("A; \"B\", C".into()), Cell::Rupiah(1_250_000)],
                vec![Cell::Text("=1+1".into()), Cell::Rupiah(-5)],
            ],
        };
        let text = String::from_utf8(write(&table, Lang::En, &["by sri".into()])).unwrap();
        assert_eq!(
            text,
            "\u{feff}by sri\r\nName,Amount\r\n\"A; \"\"B\"\", C\",1250000\r\n'=1+1,-5\r\n"
        );
    }
}
