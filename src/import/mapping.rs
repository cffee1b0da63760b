//! The mapping (`import.yaml`): which column feeds which orgsite field, and
//! the rules for merging seats, reading tokens and filling gaps. Without a
//! mapping file, common column names (English and Chinese) are recognised,
//! and the mapping used can be printed as a ready-to-edit `import.yaml`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use super::problem::{suggest, At, Problem};
use super::read::Table;

/// One column, or several joined with a space (`[First Name, Last Name]`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Cols {
    One(String),
    Many(Vec<String>),
}

impl Cols {
    pub fn names(&self) -> Vec<&str> {
        match self {
            Cols::One(s) => vec![s.as_str()],
            Cols::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// What to do with a manager id that matches no row.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Missing {
    /// An `external` entry in site.yaml (the default).
    #[default]
    External,
    /// A vacant position of its own, at the top.
    Placeholder,
    /// Report to nobody: the row becomes a top.
    Drop,
}

/// A second table joined to the first (junior posts pointing at a senior one).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Join {
    /// The column of the second table holding an id of the first.
    pub on: String,
    /// `count`: its rows add seats (unnamed) to the post they point at;
    /// `positions`: each distinct title under a post becomes a position.
    pub mode: JoinMode,
    pub title: Option<String>,
    /// Seats (full-time equivalents, rounded up) per row; default 1.
    pub fte: Option<String>,
    pub unit: Option<String>,
    pub level: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum JoinMode {
    #[default]
    Count,
    Positions,
}

/// The whole mapping.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Mapping {
    pub id: Option<Cols>,
    pub reports_to: Option<Cols>,
    pub title: Option<Cols>,
    pub name: Option<Cols>,
    pub unit: Option<Cols>,
    pub level: Option<Cols>,
    pub email: Option<Cols>,
    pub phone: Option<Cols>,
    pub location: Option<Cols>,
    pub since: Option<Cols>,
    pub photo: Option<Cols>,
    pub fte: Option<Cols>,
    pub tags: Option<Cols>,
    /// A job description: the body of a new position file (its duties).
    pub duties: Option<Cols>,
    /// The column a person file is named by (default: the row's id).
    pub person_id: Option<Cols>,
    pub merge_seats: bool,
    pub vacant: Vec<String>,
    pub withheld: Vec<String>,
    pub no_manager: Vec<String>,
    /// Unset: a manager id matching no row is an error.
    pub missing_manager: Option<Missing>,
    pub level_map: BTreeMap<String, String>,
    /// The level ladder, top first (default: level_map's levels, then
    /// grades in order seen).
    pub levels: Vec<String>,
    pub join: Option<Join>,
}

/// The fields a mapping maps, in the order an `import.yaml` lists them.
pub const FIELDS: &[&str] = &[
    "id",
    "reports_to",
    "title",
    "name",
    "unit",
    "level",
    "email",
    "phone",
    "location",
    "since",
    "photo",
    "fte",
    "tags",
    "duties",
    "person_id",
];

/// Column names recognised without a mapping, normalised (lower case, no
/// spaces, `_` or `-`), by field.
const ALIASES: &[(&str, &[&str])] = &[
    (
        "id",
        &[
            "id",
            "employeeid",
            "empid",
            "employeeno",
            "employeenumber",
            "staffid",
            "personid",
            "uniqueid",
            "postuniquereference",
            "key",
            "工號",
            "工号",
            "員工編號",
            "员工编号",
            "編號",
            "编号",
        ],
    ),
    (
        "reports_to",
        &[
            "parentid",
            "managerid",
            "manager",
            "reportsto",
            "reportingto",
            "supervisorid",
            "supervisor",
            "parent",
            "pid",
            "reportingsenior post",
            "reportingseniorpost",
            "上級",
            "上级",
            "直屬主管",
            "直属主管",
            "主管",
            "上級編號",
            "上级编号",
            "匯報對象",
            "汇报对象",
        ],
    ),
    (
        "title",
        &[
            "title",
            "jobtitle",
            "position",
            "positionname",
            "role",
            "jobrole",
            "designation",
            "jobtitle/role",
            "職位",
            "职位",
            "崗位",
            "岗位",
            "職稱",
            "职称",
            "職務",
            "职务",
        ],
    ),
    (
        "name",
        &[
            "name",
            "fullname",
            "employeename",
            "displayname",
            "姓名",
            "名字",
        ],
    ),
    (
        "unit",
        &[
            "department",
            "dept",
            "unit",
            "team",
            "division",
            "organisation",
            "organization",
            "orgunit",
            "departments",
            "部門",
            "部门",
            "單位",
            "单位",
        ],
    ),
    (
        "level",
        &[
            "grade",
            "level",
            "band",
            "grade(orequivalent)",
            "職級",
            "职级",
            "級別",
            "级别",
        ],
    ),
    (
        "email",
        &[
            "email",
            "emailaddress",
            "mail",
            "contactemail",
            "電郵",
            "郵箱",
            "邮箱",
            "電子郵件",
            "电子邮件",
        ],
    ),
    (
        "phone",
        &[
            "phone",
            "phonenumber",
            "telephone",
            "tel",
            "mobile",
            "officephone",
            "contactphone",
            "電話",
            "电话",
            "手機",
            "手机",
        ],
    ),
    (
        "location",
        &[
            "location",
            "office",
            "city",
            "site",
            "地點",
            "地点",
            "辦公地點",
            "办公地点",
        ],
    ),
    (
        "since",
        &[
            "hiredate",
            "startdate",
            "since",
            "joined",
            "datejoined",
            "入職日期",
            "入职日期",
        ],
    ),
    (
        "photo",
        &[
            "photo", "image", "imageurl", "picture", "avatar", "照片", "頭像", "头像",
        ],
    ),
    (
        "fte",
        &["fte", "fulltimeequivalent", "ftes", "numberofpostsinfte"],
    ),
    (
        "duties",
        &[
            "duties",
            "jobdescription",
            "responsibilities",
            "jobpurpose",
            "職責",
            "职责",
            "崗位職責",
            "岗位职责",
            "工作內容",
            "工作内容",
        ],
    ),
];

/// `First Name` + `Last Name` when there is no single name column.
const FIRST: &[&str] = &["firstname", "givenname", "forename", "名"];
const LAST: &[&str] = &["lastname", "surname", "familyname", "姓"];

pub fn normal(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Parses an `import.yaml`.
pub fn parse(text: &str, file: &str) -> Result<Mapping, Problem> {
    marked_yaml::from_yaml::<Mapping>(0, text).map_err(|e| {
        let msg = e.to_string();
        let at = At::file(file);
        // Unknown fields are named with the closest known one.
        if let Some(rest) = msg.split("unknown field `").nth(1) {
            if let Some(word) = rest.split('`').next() {
                let extra = [
                    "merge_seats",
                    "vacant",
                    "withheld",
                    "no_manager",
                    "missing_manager",
                    "level_map",
                    "levels",
                    "join",
                ];
                let all: Vec<&str> = FIELDS.iter().chain(extra.iter()).copied().collect();
                return Problem::error(
                    at,
                    format!("`{word}`: unknown field{}", suggest(word, all)),
                );
            }
        }
        Problem::error(at, msg)
    })
}

/// The mapping guessed from a table's column names.
pub fn guess(table: &Table) -> Mapping {
    let mut m = Mapping::default();
    let find = |names: &[&str]| {
        table
            .columns
            .iter()
            .find(|c| names.contains(&normal(c).as_str()))
            .cloned()
    };
    for (field, names) in ALIASES {
        if let Some(col) = find(names) {
            let v = Some(Cols::One(col));
            match *field {
                "id" => m.id = v,
                "reports_to" => m.reports_to = v,
                "title" => m.title = v,
                "name" => m.name = v,
                "unit" => m.unit = v,
                "level" => m.level = v,
                "email" => m.email = v,
                "phone" => m.phone = v,
                "location" => m.location = v,
                "since" => m.since = v,
                "photo" => m.photo = v,
                "fte" => m.fte = v,
                "duties" => m.duties = v,
                _ => {}
            }
        }
    }
    match (&m.name, find(FIRST), find(LAST)) {
        (None, Some(f), Some(l)) => m.name = Some(Cols::Many(vec![f, l])),
        // `name` beside `lastName` is the first name.
        (Some(Cols::One(n)), None, Some(l)) => m.name = Some(Cols::Many(vec![n.clone(), l])),
        _ => {}
    }
    // A folder of per-person files without an id column: the file name.
    if m.id.is_none() && table.column("file").is_some() && table.keyed {
        m.id = Some(Cols::One("file".into()));
    }
    m
}

impl Mapping {
    /// The mapped column names of a field.
    pub fn get(&self, field: &str) -> Option<&Cols> {
        match field {
            "id" => self.id.as_ref(),
            "reports_to" => self.reports_to.as_ref(),
            "title" => self.title.as_ref(),
            "name" => self.name.as_ref(),
            "unit" => self.unit.as_ref(),
            "level" => self.level.as_ref(),
            "email" => self.email.as_ref(),
            "phone" => self.phone.as_ref(),
            "location" => self.location.as_ref(),
            "since" => self.since.as_ref(),
            "photo" => self.photo.as_ref(),
            "fte" => self.fte.as_ref(),
            "tags" => self.tags.as_ref(),
            "duties" => self.duties.as_ref(),
            "person_id" => self.person_id.as_ref(),
            _ => None,
        }
    }

    /// Every column the mapping names must exist in `table`; `id` and
    /// `title` (or `name`) must be mapped.
    pub fn check(&self, table: &Table, file: &str) -> Vec<Problem> {
        let mut out = Vec::new();
        let at = table.header_at();
        for f in FIELDS {
            let Some(cols) = self.get(f) else { continue };
            for c in cols.names() {
                if table.column(c).is_none() {
                    out.push(Problem::error(
                        At::file(file),
                        format!(
                            "`{f}: {c}`: no column `{c}` in {}{}",
                            table.name,
                            suggest(c, table.columns.iter().map(String::as_str))
                        ),
                    ));
                }
            }
        }
        if self.id.is_none() {
            out.push(Problem::error(
                at.clone(),
                format!(
                    "no id column: name one with `id:` in import.yaml (columns: {})",
                    table.columns.join(", ")
                ),
            ));
        }
        if self.title.is_none() && self.name.is_none() {
            out.push(Problem::error(
                at,
                "no title or name column: name one with `title:` in import.yaml",
            ));
        }
        out
    }

    /// Every column the mapping reads.
    pub fn used(&self) -> Vec<&str> {
        let mut v: Vec<&str> = FIELDS
            .iter()
            .filter_map(|f| self.get(f))
            .flat_map(Cols::names)
            .collect();
        if let Some(j) = &self.join {
            v.push(&j.on);
        }
        v
    }

    /// The mapping as an `import.yaml`, ready to save and edit.
    pub fn to_yaml(&self) -> String {
        let q = |s: &str| super::write::scalar(s);
        let mut s = String::from(
            "# import.yaml: orgsite field -> column (a list of columns is joined with a space)\n",
        );
        for f in FIELDS {
            match self.get(f) {
                Some(Cols::One(c)) => {
                    let _ = writeln!(s, "{f}: {}", q(c));
                }
                Some(Cols::Many(v)) => {
                    let items: Vec<String> = v.iter().map(|c| q(c)).collect();
                    let _ = writeln!(s, "{f}: [{}]", items.join(", "));
                }
                None => {
                    let _ = writeln!(s, "# {f}:");
                }
            }
        }
        let list = |v: &[String]| v.iter().map(|x| q(x)).collect::<Vec<_>>().join(", ");
        s.push_str("# rules\n");
        let _ = writeln!(s, "merge_seats: {}", self.merge_seats);
        let _ = writeln!(s, "vacant: [{}]", list(&self.vacant));
        let _ = writeln!(s, "withheld: [{}]", list(&self.withheld));
        let _ = writeln!(s, "no_manager: [{}]", list(&self.no_manager));
        match self.missing_manager {
            None => s.push_str("# missing_manager: external     # external | placeholder | drop\n"),
            Some(mm) => {
                let mm = match mm {
                    Missing::External => "external",
                    Missing::Placeholder => "placeholder",
                    Missing::Drop => "drop",
                };
                let _ = writeln!(
                    s,
                    "missing_manager: {mm}     # external | placeholder | drop"
                );
            }
        }
        if self.level_map.is_empty() {
            s.push_str("level_map: {}\n");
        } else {
            let items: Vec<String> = self
                .level_map
                .iter()
                .map(|(k, v)| format!("{}: {}", q(k), q(v)))
                .collect();
            let _ = writeln!(s, "level_map: {{ {} }}", items.join(", "));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(cols: &[&str]) -> Table {
        Table {
            name: "t.csv".into(),
            columns: cols.iter().map(|c| c.to_string()).collect(),
            ..Table::default()
        }
    }

    #[test]
    fn english_and_chinese_columns_are_recognised() {
        let m = guess(&table(&[
            "id",
            "parentId",
            "firstName",
            "lastName",
            "positionName",
            "department",
        ]));
        assert_eq!(m.reports_to, Some(Cols::One("parentId".into())));
        assert_eq!(
            m.name,
            Some(Cols::Many(vec!["firstName".into(), "lastName".into()]))
        );
        let m = guess(&table(&["工號", "姓名", "職位", "部門", "直屬主管"]));
        assert_eq!(m.id, Some(Cols::One("工號".into())));
        assert_eq!(m.reports_to, Some(Cols::One("直屬主管".into())));
        assert_eq!(m.unit, Some(Cols::One("部門".into())));
    }

    #[test]
    fn printed_mapping_reads_back() {
        let m = guess(&table(&["Employee ID", "Manager ID", "Job Title", "Name"]));
        let back = parse(&m.to_yaml(), "import.yaml").unwrap();
        assert_eq!(back.id, m.id);
        assert_eq!(back.title, m.title);
    }
}
