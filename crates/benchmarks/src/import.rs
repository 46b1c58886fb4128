//! `scrutiny benchmarks import`: DfE's published files in, one compact
//! comparator table out. Reads the Explore Education Statistics CSVs, the
//! LAIT long file and the statistical-neighbour model found under a folder.

use crate::mapping::{Source, MEASURES};
use crate::{region_code, Published, ENGLAND, REGIONS};
use anyhow::{anyhow, bail, Context as _, Result};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const VALUES_FILE: &str = "comparators.csv";
pub const NEIGHBOURS_FILE: &str = "neighbours.csv";

/// A file read, named relative to the import folder.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    pub name: String,
    pub sha256: String,
}

/// What an import found.
#[derive(Debug, Default)]
pub struct Imported {
    /// (indicator, time_period, area) → the value as published (a number, normalised, or a DfE symbol).
    pub values: BTreeMap<(&'static str, i32, String), String>,
    /// la_code → (name, region code, ten neighbours).
    pub neighbours: BTreeMap<u32, (String, String, Vec<String>)>,
    pub sources: Vec<SourceFile>,
    /// The statistical-neighbour model read.
    pub neighbour_source: Option<SourceFile>,
    /// Indicators whose published file was not found.
    pub missing: Vec<String>,
    pub imported_on: String,
}

fn source_file(path: &Path, dir: &Path) -> Result<SourceFile> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
    Ok(SourceFile { name, sha256: format!("{:x}", Sha256::digest(&bytes)) })
}

/// A CSV's column names (byte-order mark dropped), to find columns by name in any order.
struct Columns {
    names: Vec<String>,
    path: PathBuf,
}

impl Columns {
    fn find(&self, name: &str) -> Result<usize> {
        self.names.iter().position(|h| h == name).ok_or_else(|| anyhow!("{} has no column {name}", self.path.display()))
    }
}

fn open_csv(path: &Path) -> Result<(csv::Reader<std::fs::File>, Columns)> {
    let mut r = csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let names = r.headers()?.iter().map(|h| h.trim_start_matches('\u{feff}').trim().to_string()).collect();
    Ok((r, Columns { names, path: path.to_path_buf() }))
}

fn all_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let p = e?.path();
        if p.is_dir() {
            all_files(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The newest file whose name starts with `stem` and ends with `ext` (names carry their year range).
fn newest<'a>(files: &'a [PathBuf], stem: &str, ext: &str) -> Option<&'a PathBuf> {
    files.iter().filter(|p| file_name(p).starts_with(stem) && file_name(p).ends_with(ext)).max_by_key(|p| file_name(p))
}

/// A published number written the same way every time (LAIT stores floats such as 84.600000000000009).
fn normalise(raw: &str) -> String {
    match Published::parse(raw) {
        Published { value: Some(v), .. } => {
            let r = (v * 1e6).round() / 1e6;
            format!("{}", if r == 0.0 { 0.0 } else { r })
        }
        Published { symbol: Some(s), .. } => s,
        _ => String::new(),
    }
}

impl Imported {
    fn record(&mut self, source: &Path, dir: &Path) -> Result<()> {
        let file = source_file(source, dir)?;
        if !self.sources.contains(&file) {
            self.sources.push(file);
        }
        Ok(())
    }

    fn put(&mut self, indicator: &'static str, time_period: i32, area: String, raw: &str) {
        let v = normalise(raw);
        if !v.is_empty() {
            self.values.entry((indicator, time_period, area)).or_insert(v);
        }
    }
}

/// Reads every mapped measure and the neighbour model from the files under `dir`.
pub fn import(dir: &Path, imported_on: &str) -> Result<Imported> {
    let mut files = Vec::new();
    all_files(dir, &mut files)?;
    files.sort();
    let mut out = Imported { imported_on: imported_on.to_string(), ..Default::default() };
    read_ees(&files, dir, &mut out)?;
    read_lait(&files, dir, &mut out)?;
    read_neighbours(&files, dir, &mut out)?;
    Ok(out)
}

fn read_ees(files: &[PathBuf], dir: &Path, out: &mut Imported) -> Result<()> {
    for m in MEASURES {
        let Source::Ees { stem, column, filters } = m.source else { continue };
        let Some(path) = newest(files, stem, ".csv") else {
            out.missing.push(format!("{} ({stem}*.csv)", m.indicator));
            continue;
        };
        out.record(path, dir)?;
        let (mut r, cols) = open_csv(path)?;
        let col = |name: &str| cols.find(name);
        let (tp, level, region, la, value) = (col("time_period")?, col("geographic_level")?, col("region_code")?, col("old_la_code")?, col(column)?);
        let filters: Vec<(usize, &str)> = filters.iter().map(|(c, v)| col(c).map(|i| (i, *v))).collect::<Result<_>>()?;
        for row in r.records() {
            let row = row.with_context(|| format!("reading {}", path.display()))?;
            let get = |i: usize| row.get(i).unwrap_or("").trim();
            if filters.iter().any(|&(i, v)| get(i) != v) {
                continue;
            }
            let Ok(year) = get(tp).parse::<i32>() else { continue };
            let area = match get(level) {
                "National" => ENGLAND.to_string(),
                // Inner and Outer London rows are left out: London is one region here.
                "Regional" if REGIONS.iter().any(|(c, _)| *c == get(region)) => get(region).to_string(),
                "Local authority" if !get(la).is_empty() => get(la).to_string(),
                _ => continue,
            };
            out.put(m.indicator, year, area, get(value));
        }
    }
    Ok(())
}

/// One LAIT row: Short Desc, Years, LA and Regions, Values, LA Number.
struct LaitRow {
    short_desc: String,
    years: String,
    area_name: String,
    value: String,
    la_number: String,
}

fn lait_row(out: &mut Imported, row: LaitRow) {
    let Some(m) = MEASURES.iter().find(|m| matches!(m.source, Source::Lait { short_desc } if short_desc == row.short_desc.trim())) else { return };
    // Multi-year labels ("2014-16") and outturn labels ("2023-24 (OT)") are other measures' years.
    let Ok(year) = row.years.trim().parse::<i32>() else { return };
    let Some(number) = row.la_number.trim().parse::<f64>().ok().map(|n| n as u32) else { return };
    let area = match number {
        970 => ENGLAND.to_string(),
        980..=999 => match region_code(&row.area_name) {
            Some(c) => c.to_string(),
            None => return,
        },
        n => n.to_string(),
    };
    out.put(m.indicator, year, area, &row.value);
}

fn read_lait(files: &[PathBuf], dir: &Path, out: &mut Imported) -> Result<()> {
    let wanted = MEASURES.iter().filter(|m| matches!(m.source, Source::Lait { .. }));
    if let Some(path) = newest(files, "bds_long", ".csv") {
        out.record(path, dir)?;
        let (mut r, cols) = open_csv(path)?;
        let col = |name: &str| cols.find(name);
        let (sd, yr, an, va, ln) = (col("Short Desc")?, col("Years")?, col("LA and Regions")?, col("Values")?, col("LA Number")?);
        for row in r.records() {
            let row = row?;
            let get = |i: usize| row.get(i).unwrap_or("").to_string();
            lait_row(out, LaitRow { short_desc: get(sd), years: get(yr), area_name: get(an), value: get(va), la_number: get(ln) });
        }
        return Ok(());
    }
    let Some(path) = newest(files, "bds_long", ".parquet") else {
        out.missing.extend(wanted.map(|m| format!("{} (LAIT bds_long)", m.indicator)));
        return Ok(());
    };
    out.record(path, dir)?;
    read_lait_parquet(path, out)
}

#[cfg(feature = "lait-parquet")]
fn read_lait_parquet(path: &Path, out: &mut Imported) -> Result<()> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let file = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let reader = SerializedFileReader::new(file).with_context(|| format!("reading {}", path.display()))?;
    for row in reader.get_row_iter(None)? {
        let row = row?;
        let mut r = LaitRow { short_desc: String::new(), years: String::new(), area_name: String::new(), value: String::new(), la_number: String::new() };
        for (name, field) in row.get_column_iter() {
            let text = match field {
                Field::Str(s) => s.clone(),
                Field::Double(d) => d.to_string(),
                Field::Float(f) => f.to_string(),
                Field::Int(i) => i.to_string(),
                Field::Long(i) => i.to_string(),
                _ => String::new(),
            };
            match name.as_str() {
                "Short Desc" => r.short_desc = text,
                "Years" => r.years = text,
                "LA and Regions" => r.area_name = text,
                "Values" => r.value = text,
                "LA Number" => r.la_number = text,
                _ => {}
            }
        }
        lait_row(out, r);
    }
    Ok(())
}

#[cfg(not(feature = "lait-parquet"))]
fn read_lait_parquet(path: &Path, _out: &mut Imported) -> Result<()> {
    bail!(
        "{} is LAIT's parquet file; this build reads LAIT's CSV export (bds_long.csv). Rebuild with `--features lait-parquet` to read parquet.",
        path.display()
    )
}

fn read_neighbours(files: &[PathBuf], dir: &Path, out: &mut Imported) -> Result<()> {
    let Some(path) = files.iter().filter(|p| file_name(p).starts_with("sn_model_") && file_name(p).ends_with("_wide.csv")).max_by_key(|p| file_name(p)) else {
        bail!("no statistical-neighbour model (sn_model_*_wide.csv) under {}", dir.display());
    };
    out.neighbour_source = Some(source_file(path, dir)?);
    let (mut r, cols) = open_csv(path)?;
    let col = |name: &str| cols.find(name);
    let (code, name, region) = (col("old_la_code")?, col("la_name")?, col("region_name")?);
    let sn: Vec<usize> = (1..=10).map(|i| col(&format!("SN_{i}"))).collect::<Result<_>>()?;
    for row in r.records() {
        let row = row?;
        let get = |i: usize| row.get(i).unwrap_or("").trim().to_string();
        let Ok(la) = get(code).parse::<u32>() else { continue };
        let region = region_code(&get(region)).ok_or_else(|| anyhow!("{}: council {la} has an unknown region {:?}", path.display(), get(region)))?;
        out.neighbours.insert(la, (get(name), region.to_string(), sn.iter().map(|&i| get(i)).collect()));
    }
    Ok(())
}

fn header(out: &mut String, imp: &Imported, what: &str, sources: &[SourceFile]) {
    let _ = writeln!(out, "# Scrutiny {what}. Generated by `scrutiny benchmarks import`; do not edit by hand.");
    let _ = writeln!(out, "# imported: {}", imp.imported_on);
    for s in sources {
        let _ = writeln!(out, "# source: {} sha256={}", s.name, s.sha256);
    }
}

/// The two files of a comparator table, as text.
pub fn render(imp: &Imported) -> (String, String) {
    let mut values = String::new();
    header(&mut values, imp, "comparator table: DfE published figures for our indicators", &imp.sources);
    values.push_str(
        "# area: E92000001 England, E12… a region, otherwise the DfE LA number; value as published (a DfE symbol such as c, x, z, k, u or low means missing)\n",
    );
    values.push_str("indicator,time_period,area,value\n");
    let area_order = |a: &str| (a != ENGLAND, !a.starts_with('E'), a.parse::<u32>().unwrap_or(0), a.to_string());
    let mut rows: Vec<_> = imp.values.iter().collect();
    rows.sort_by_key(|((id, tp, area), _)| (*id, *tp, area_order(area)));
    for ((id, tp, area), v) in rows {
        let v = if v.contains(',') || v.contains('"') { format!("\"{}\"", v.replace('"', "\"\"")) } else { v.clone() };
        let _ = writeln!(values, "{id},{tp},{area},{v}");
    }
    let mut neighbours = String::new();
    header(&mut neighbours, imp, "statistical neighbours: each council's ten nearest, closest first", imp.neighbour_source.as_slice());
    neighbours.push_str("la_code,la_name,region_code,sn1,sn2,sn3,sn4,sn5,sn6,sn7,sn8,sn9,sn10\n");
    for (code, (name, region, sn)) in &imp.neighbours {
        let name = if name.contains(',') { format!("\"{name}\"") } else { name.clone() };
        let _ = writeln!(neighbours, "{code},{name},{region},{}", sn.join(","));
    }
    (values, neighbours)
}

/// Writes the table into `out_dir` (created if missing).
pub fn write(imp: &Imported, out_dir: &Path) -> Result<()> {
    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let (values, neighbours) = render(imp);
    std::fs::write(out_dir.join(VALUES_FILE), values).with_context(|| format!("writing {}", out_dir.display()))?;
    std::fs::write(out_dir.join(NEIGHBOURS_FILE), neighbours).with_context(|| format!("writing {}", out_dir.display()))?;
    Ok(())
}
