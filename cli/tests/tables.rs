//! Reading the tables people have: extra columns, `;` and tab delimiters, decimal commas,
//! standard input, `--date`, Python's column names, and errors that name the real file.

mod common;

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use common::{parcours, repo, shm, stderr, stdout};

fn temp(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write temp file");
    (dir, path.to_string_lossy().into_owned())
}

/// Runs `parcours` with `input` on standard input.
fn parcours_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("the binary ends")
}

/// The rows of a CSV output (after its fingerprint comment), by column name.
fn table(csv_text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(csv_text.as_bytes());
    let header = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

fn stays() -> String {
    repo("examples/analysis/sud-haut-marnais-surgery-stays.csv")
}

fn stays_fr() -> String {
    repo("examples/analysis/sud-haut-marnais-surgery-stays-fr.csv")
}

/// `text` (a `,`-delimited file without quotes) with `;` between fields and decimal commas in
/// the columns `numbers`: how a French spreadsheet exports it.
fn to_french(text: &str, numbers: &[&str]) -> String {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let mut out = header.join(";") + "\n";
    for line in lines {
        let fields: Vec<String> = line
            .split(',')
            .zip(&header)
            .map(|(v, h)| {
                if numbers.contains(h) {
                    v.replace('.', ",")
                } else {
                    v.to_owned()
                }
            })
            .collect();
        out += &(fields.join(";") + "\n");
    }
    out
}

// ---- extra columns

#[test]
fn extra_columns_are_ignored_with_one_notice_naming_them() {
    let plain = std::fs::read_to_string(stays()).expect("stays");
    let mut extra = String::new();
    for (i, line) in plain.lines().enumerate() {
        extra += line;
        extra += if i == 0 { ",ward,comment\n" } else { ",A,x\n" };
    }
    let (_d, path) = temp("stays.csv", &extra);
    let o = parcours(&["route", &shm(), &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let notes: Vec<String> = stderr(&o)
        .lines()
        .filter(|l| l.starts_with("note:"))
        .map(str::to_owned)
        .collect();
    assert_eq!(notes.len(), 1, "{}", stderr(&o));
    assert!(
        notes[0].contains("stays.csv") && notes[0].contains("`ward`, `comment`"),
        "{}",
        notes[0]
    );
    let without = parcours(&["route", &shm(), &stays()]);
    assert!(stderr(&without).is_empty(), "{}", stderr(&without));
    assert_eq!(stdout(&o), stdout(&without));
}

// ---- delimiters and decimal commas

#[test]
fn a_semicolon_file_with_decimal_commas_routes_as_its_comma_twin() {
    let comma = parcours(&["route", &shm(), &stays()]);
    let told = parcours(&["route", &shm(), &stays_fr()]);
    let given = parcours(&["route", &shm(), &stays_fr(), "--delimiter", ";"]);
    for o in [&comma, &told, &given] {
        assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    }
    let rows = table(&stdout(&comma));
    assert_eq!(rows.len(), 36);
    // Rows 31 to 36 come from coordinates, the ones written with a decimal comma.
    assert!(rows[30..].iter().all(|r| r["outcome"] == "routed"));
    assert_eq!(stdout(&told), stdout(&comma));
    assert_eq!(stdout(&given), stdout(&comma));
}

#[test]
fn a_tab_file_is_read_told_or_given() {
    let plain = std::fs::read_to_string(stays()).expect("stays");
    let (_d, path) = temp("stays.tsv", &plain.replace(',', "\t"));
    let comma = stdout(&parcours(&["route", &shm(), &stays()]));
    for extra in [&[][..], &["--delimiter", "tab"][..]] {
        let o = parcours(&[&["route", &shm(), &path][..], extra].concat());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(stdout(&o), comma);
    }
}

#[test]
fn a_header_with_two_delimiters_is_ambiguous_and_exits_2() {
    let (_d, path) = temp(
        "mixed.csv",
        "id;filiere,origin;date\na;chirurgie,ch-langres;2018-01-01\n",
    );
    let o = parcours(&["route", &shm(), &path]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("mixed.csv: line 1") && err.contains("--delimiter"),
        "{err}"
    );
    // Saying which one settles it.
    let o = parcours(&["route", &shm(), &path, "--delimiter", ";"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("missing column `filiere`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_wrong_delimiter_says_which_one_the_header_holds() {
    let o = parcours(&["route", &shm(), &stays_fr(), "--delimiter", ","]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--delimiter ';'"), "{}", stderr(&o));
    let o = parcours(&["route", &shm(), &stays_fr(), "--delimiter", "|"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`|`"), "{}", stderr(&o));
}

#[test]
fn a_bad_or_ambiguous_decimal_is_an_invalid_row_naming_file_line_column_and_value() {
    let (_d, path) = temp(
        "cases.csv",
        "id;filiere;level;lat;lon;date\n\
         ok;chirurgie;recours;47,8625;5,3331;2018-01-01\n\
         thousands;chirurgie;recours;47.862,5;5,3331;2018-01-01\n\
         two;chirurgie;recours;47,86,25;5,3331;2018-01-01\n\
         word;chirurgie;recours;47,8625;est;2018-01-01\n",
    );
    let o = parcours(&["route", &shm(), &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = table(&stdout(&o));
    assert_eq!(rows[0]["outcome"], "routed");
    for (row, line, column, value) in [
        (&rows[1], 3, "lat", "47.862,5"),
        (&rows[2], 4, "lat", "47,86,25"),
        (&rows[3], 5, "lon", "est"),
    ] {
        assert_eq!(row["outcome"], "invalid");
        let error = &row["error"];
        assert!(
            error.contains("cases.csv")
                && error.contains(&format!("line {line}"))
                && error.contains(&format!("column `{column}`"))
                && error.contains(&format!("`{value}`")),
            "{error}"
        );
    }
    // In a `,` file a decimal comma can only be quoted, and is not read as one.
    let (_e, path) = temp(
        "comma.csv",
        "id,filiere,level,lat,lon,date\nq,chirurgie,recours,\"47,8625\",5.3331,2018-01-01\n",
    );
    let rows = table(&stdout(&parcours(&["route", &shm(), &path])));
    assert_eq!(rows[0]["outcome"], "invalid");
    assert!(
        rows[0]["error"].contains("`47.8625`"),
        "{}",
        rows[0]["error"]
    );
}

// ---- standard input

#[test]
fn a_dash_reads_cases_from_standard_input_csv_or_json() {
    let text = std::fs::read_to_string(stays_fr()).expect("stays");
    let o = parcours_stdin(&["route", &shm(), "-"], &text);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), stdout(&parcours(&["route", &shm(), &stays()])));
    let json =
        r#"[{"id": "j", "filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02"}]"#;
    let o = parcours_stdin(&["route", &shm(), "-"], json);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = table(&stdout(&o));
    assert_eq!(rows[0]["target"], "clinique-compassion-langres");
}

#[test]
fn empty_standard_input_exits_2_naming_it() {
    for args in [
        &["route", &shm(), "-"][..],
        &[
            "coverage",
            &shm(),
            "-",
            "--filiere",
            "chirurgie",
            "--date",
            "2018-01-01",
        ][..],
    ] {
        let o = parcours_stdin(args, "");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("standard input is empty"),
            "{}",
            stderr(&o)
        );
    }
}

// ---- coverage origins

fn coverage(origins: &str, extra: &[&str]) -> Output {
    let network = shm();
    let args = [
        &[
            "coverage",
            &network,
            origins,
            "--filiere",
            "chirurgie",
            "--level",
            "recours",
            "--date",
            "2018-01-01",
            "--format",
            "csv",
        ][..],
        extra,
    ]
    .concat();
    parcours(&args)
}

#[test]
fn origins_read_from_standard_input_with_semicolons_and_decimal_commas() {
    let path = repo("examples/origins/sud-haut-marnais.csv");
    let text = std::fs::read_to_string(&path).expect("origins");
    let french = to_french(&text, &["lat", "lon"]);
    assert!(french.contains(";48,11095;"), "{french}");
    let want = coverage(&path, &[]);
    assert_eq!(want.status.code(), Some(0), "{}", stderr(&want));
    let args = [
        "coverage",
        &shm(),
        "-",
        "--filiere",
        "chirurgie",
        "--level",
        "recours",
        "--date",
        "2018-01-01",
        "--format",
        "csv",
    ];
    let o = parcours_stdin(&args, &french);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), stdout(&want));
    // The file's extra columns (insee, source) are named once.
    assert!(
        stderr(&o).contains("standard input: ignoring 2 columns")
            && stderr(&o).contains("`insee`, `source`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_unreadable_origin_number_exits_2_naming_file_line_column_and_value() {
    for (text, column, value) in [
        (
            "id;lat;lon\na;47,8625;5,3331\nb;47,86,25;5,3\n",
            "lat",
            "47,86,25",
        ),
        (
            "id,lat,lon,population\na,47.8625,5.3331,7000\nb,47.8,5.3,sept mille\n",
            "population",
            "sept mille",
        ),
    ] {
        let (_d, path) = temp("origins.csv", text);
        let o = coverage(&path, &[]);
        assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
        let err = stderr(&o);
        assert!(
            err.contains("origins.csv: line 3")
                && err.contains(&format!("column `{column}`"))
                && err.contains(&format!("`{value}`")),
            "{err}"
        );
    }
}

#[test]
fn origins_take_the_python_column_origin_and_refuse_site_with_the_new_name() {
    let (_d, path) = temp(
        "origins.csv",
        "id,name,origin,population\nlangres,CH de Langres,ch-langres,100\n",
    );
    let o = coverage(&path, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = table(&stdout(&o));
    assert_eq!(rows[0]["outcome"], "routed");
    assert_eq!(rows[0]["target"], "chu-dijon");
    let (_e, path) = temp(
        "origins.csv",
        "id,name,site,population\nlangres,CH de Langres,ch-langres,100\n",
    );
    let o = coverage(&path, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("rename the column `site` to `origin`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn origins_take_the_python_column_commune_with_a_reference() {
    let (_d, path) = temp("origins.csv", "id,commune\nlangres,52269\n");
    let o = coverage(
        &path,
        &["--communes", &repo("examples/reference/communes.csv")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = table(&stdout(&o));
    assert_eq!(rows[0]["outcome"], "routed", "{:?}", rows[0]);
    let (_e, path) = temp("origins.csv", "id,origin,commune\nlangres,,52269\n");
    let o = coverage(&path, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("both give the origin"),
        "{}",
        stderr(&o)
    );
}

// ---- --date

const UNDATED: &str = "\
id,filiere,level,origin,date
own,chirurgie,reference,ch-langres,2017-09-15
none,chirurgie,reference,ch-langres,
";

#[test]
fn date_fills_the_cases_without_one_and_a_case_own_date_wins() {
    let (_d, path) = temp("cases.csv", UNDATED);
    let o = parcours(&["route", &shm(), &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = table(&stdout(&o));
    assert_eq!(rows[0]["target"], "chu-dijon");
    assert_eq!(rows[1]["outcome"], "invalid");
    assert!(
        rows[1]["error"].contains("line 3") && rows[1]["error"].contains("--date"),
        "{}",
        rows[1]["error"]
    );
    let o = parcours(&["route", &shm(), &path, "--date", "2017-10-02"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = table(&stdout(&o));
    // Before 2017-10-01 the surgery GCS did not exist: the case's own date keeps Dijon.
    assert_eq!(rows[0]["target"], "chu-dijon");
    assert_eq!(rows[1]["target"], "clinique-compassion-langres");
}

#[test]
fn date_stands_for_a_missing_date_column_and_a_missing_json_date() {
    let (_d, path) = temp(
        "cases.csv",
        "id,filiere,level,origin\na,chirurgie,reference,ch-langres\n",
    );
    let o = parcours(&["route", &shm(), &path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("missing column `date`") && stderr(&o).contains("--date"),
        "{}",
        stderr(&o)
    );
    let o = parcours(&["route", &shm(), &path, "--date", "2017-10-02"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        table(&stdout(&o))[0]["target"],
        "clinique-compassion-langres"
    );
    let (_e, path) = temp(
        "cases.json",
        r#"[{"filiere": "chirurgie", "level": "reference", "origin": "ch-langres"}]"#,
    );
    let rows = table(&stdout(&parcours(&["route", &shm(), &path])));
    assert_eq!(rows[0]["outcome"], "invalid");
    assert!(rows[0]["error"].contains("no date"), "{}", rows[0]["error"]);
    let o = parcours(&["route", &shm(), &path, "--date", "2017-10-02"]);
    assert_eq!(
        table(&stdout(&o))[0]["target"],
        "clinique-compassion-langres"
    );
}

#[test]
fn diff_reads_undated_cases_with_date() {
    let (_d, path) = temp(
        "cases.csv",
        "id,filiere,level,origin\na,chirurgie,reference,ch-langres\n",
    );
    let changes = repo("examples/analysis/sud-haut-marnais-without-surgery-gcs.json");
    let o = parcours(&["diff", &shm(), "--changes", &changes, &path]);
    assert_eq!(o.status.code(), Some(2));
    let o = parcours(&[
        "diff",
        &shm(),
        "--changes",
        &changes,
        &path,
        "--date",
        "2018-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(report["total"], 1);
}

// ---- errors name the real file

#[test]
fn change_and_travel_errors_name_their_files() {
    let (_d, changes) = temp(
        "my-changes.json",
        r#"[{"change": "remove_grouping", "grouping": "nope"}]"#,
    );
    for args in [
        &["diff", &shm(), "--changes", &changes, &stays()][..],
        &["diff", "--structure", &shm(), "--changes", &changes][..],
    ] {
        let o = parcours(args);
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        assert!(
            err.contains("my-changes.json") && !err.contains("<changes>"),
            "{err}"
        );
    }
    let (_e, changes) = temp(
        "my-changes.json",
        r#"[{"change": "add_membership", "grouping": "nope", "member": "ch-langres", "role": "member"}]"#,
    );
    let err = stderr(&parcours(&[
        "diff",
        &shm(),
        "--changes",
        &changes,
        &stays(),
    ]));
    assert!(
        err.contains("sud-haut-marnais.json with") && err.contains("my-changes.json"),
        "{err}"
    );
    let (_f, travel) = temp(
        "my-matrix.csv",
        "from;to;km;minutes\nch-langres;chu-dijon;-3;\n",
    );
    let o = parcours(&["route", &shm(), &stays(), "--travel", &travel]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("my-matrix.csv") && !err.contains("<travel matrix>"),
        "{err}"
    );
}

#[test]
fn a_travel_matrix_takes_semicolons_and_decimal_commas() {
    let (_d, a) = temp(
        "a.csv",
        "from,to,km,minutes\nch-langres,chu-dijon,70.5,62.5\n",
    );
    let (_e, b) = temp(
        "b.csv",
        "from;to;km;minutes\nch-langres;chu-dijon;70,5;62,5\n",
    );
    let (_f, cases) = temp(
        "cases.csv",
        "id,filiere,level,origin,date\na,chirurgie,recours,ch-langres,2018-01-01\n",
    );
    let run = |m: &str| stdout(&parcours(&["route", &shm(), &cases, "--travel", m]));
    let rows = table(&run(&a));
    assert_eq!(rows[0]["distance_km"], "70.5", "{:?}", rows[0]);
    assert_eq!(run(&a), run(&b));
}

#[test]
fn a_file_that_is_not_utf8_says_where_and_how_to_convert_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("latin1.csv");
    std::fs::write(
        &path,
        b"id;filiere;origin;date\na;chirurgie;ch-langres;2018-01-01\nb;chirurgie;h\xf4pital;2018-01-01\n",
    )
    .expect("write");
    let o = parcours(&["route", &shm(), &path.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("latin1.csv: line 3, column 14: byte 0xF4 is not UTF-8 text")
            && err.contains("iconv"),
        "{err}"
    );
}
