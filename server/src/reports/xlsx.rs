//! A table as an XLSX workbook (rust_xlsxwriter): one sheet, a bold header row frozen in place,
//! counts and rupiah as number cells (rupiah with an `Rp #,##0` format, so sums work in Excel),
//! days as date cells, and each column as wide as its longest value. The workbook's properties
//! name the title and, for exports, who made it and when.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::{Cell, Table};
use crate::web::Lang;

/// The rupiah number format.
const RUPIAH: &str = "\"Rp\" #,##0";
/// The date format.
const DATE: &str = "yyyy-mm-dd";
/// The narrowest and widest a column is made, in characters.
const WIDTHS: (usize, usize) = (8, 60);

/// Who the workbook is by and what it says of itself.
#[derive(Clone, Debug, Default)]
pub struct About {
    /// The workbook's title.
    pub title: String,
    /// Its author (who made the export).
    pub author: String,
    /// A comment (when it was made, with which filter).
    pub comment: String,
}

/// `table` as XLSX bytes, headers in `lang`, described by `about`.
pub fn write(table: &Table, lang: Lang, about: &About) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(&about.title)
            .set_author(&about.author)
            .set_comment(&about.comment),
    );
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    for (c, column) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), column.title.in_(lang), &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            put(sheet, r as u32 + 1, col(c), cell)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    for (c, width) in widths(table, lang).into_iter().enumerate() {
        sheet.set_column_width(col(c), width as f64)?;
    }
    book.save_to_buffer()
}

/// Column index `c` as the sheet counts columns.
fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Write one cell.
fn put(sheet: &mut Worksheet, row: u32, col: u16, cell: &Cell) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(t) => sheet.write_string(row, col, t)?,
        Cell::Count(n) => sheet.write_number(row, col, *n as f64)?,
        Cell::Rupiah(n) => sheet.write_number_with_format(
            row,
            col,
            *n as f64,
            &Format::new().set_num_format(RUPIAH),
        )?,
        Cell::Date(d) => sheet.write_datetime_with_format(
            row,
            col,
            excel_day(*d)?,
            &Format::new().set_num_format(DATE),
        )?,
    };
    Ok(())
}

/// `day` as Excel's date.
fn excel_day(day: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let part = |n: u32| u8::try_from(n).unwrap_or(1);
    ExcelDateTime::from_ymd(
        u16::try_from(day.year()).unwrap_or(1900),
        part(day.month()),
        part(day.day()),
    )
}

/// Each column's width: its longest header or value, within [`WIDTHS`].
fn widths(table: &Table, lang: Lang) -> Vec<usize> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let longest = table
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|v| v.show(lang).chars().count());
            longest
                .chain([column.title.in_(lang).chars().count()])
                .max()
                .unwrap_or(0)
                .clamp(WIDTHS.0, WIDTHS.1)
                + 2
        })
        .collect()
}
