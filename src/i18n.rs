//! Interface strings in the site's language (`site.yaml`: `language`), with
//! `site.yaml`'s `strings` overriding any of them.

use std::collections::BTreeMap;

use crate::content::{Cadence, SiteConfig};
use crate::revision::Day;

/// (key, en, zh-Hans, zh-Hant)
const TABLE: &[(&str, &str, &str, &str)] = &[
    ("home", "Home", "首页", "首頁"),
    ("chart", "Chart", "组织架构图", "組織架構圖"),
    ("full_chart", "Full chart", "完整架构图", "完整架構圖"),
    ("positions", "Positions", "岗位", "崗位"),
    ("position", "Position", "岗位名称", "崗位名稱"),
    ("units", "Units", "部门", "部門"),
    ("unit", "Unit", "所属区位", "所屬區位"),
    ("staffing", "Staffing", "编制表", "編制表"),
    (
        "staffing_table",
        "Staffing table",
        "岗位编制表",
        "崗位編制表",
    ),
    ("summary", "Summary", "概况", "概況"),
    ("planned", "Planned", "编制", "編制"),
    ("filled", "Filled", "定岗", "定崗"),
    ("pending", "Pending", "待岗", "待崗"),
    ("acting", "Acting", "代理", "代理"),
    ("vacant", "Vacant", "空缺", "空缺"),
    ("concurrent", "concurrent", "兼", "兼"),
    ("names", "Names", "备注（人员）", "備註（人員）"),
    ("total", "Total", "合计", "合計"),
    ("level", "Level", "内部级别", "內部級別"),
    ("external_title", "External title", "对外名称", "對外名稱"),
    ("reports_to", "Reports to", "本职位汇报人", "本職位匯報人"),
    ("direct_reports", "Direct reports", "直属下级", "直屬下級"),
    ("dotted_line", "Dotted line", "虚线汇报", "虛線匯報"),
    ("holders", "Holders", "在岗人员", "在崗人員"),
    ("seats", "Seats", "岗位状态", "崗位狀態"),
    ("scope", "Scope of work", "工作范围", "工作範圍"),
    ("duties", "Duties", "工作内容", "工作內容"),
    (
        "inherited_from",
        "Also carries the duties of",
        "另承担以下岗位的工作内容：",
        "另承擔以下崗位的工作內容：",
    ),
    ("reporting", "Reporting", "汇报工作", "匯報工作"),
    ("report", "Report", "汇报内容", "匯報內容"),
    ("report_to", "To", "提交给", "提交給"),
    ("due", "Due", "期限", "期限"),
    ("targets", "Targets", "工作指标", "工作指標"),
    ("target", "Target", "指标", "指標"),
    ("where_it_sits", "Where it sits", "岗位位置", "崗位位置"),
    (
        "in_this_unit",
        "Positions in this unit",
        "本部门岗位",
        "本部門崗位",
    ),
    ("sub_units", "Sub-units", "下属部门", "下屬部門"),
    ("top_positions", "Top positions", "最高岗位", "最高崗位"),
    ("tags", "Tags", "标签", "標籤"),
    ("external", "outside this chart", "本架构外", "本架構外"),
    (
        "unknown_position",
        "not in this handbook",
        "本手册中无此岗位",
        "本手冊中無此崗位",
    ),
    ("none", "None", "无", "無"),
    ("more_below", "more below", "下级未展开", "下級未展開"),
    (
        "inherited_rest",
        "and {n} more",
        "及另外 {n} 个岗位",
        "及另外 {n} 個崗位",
    ),
    (
        "more_above",
        "{n} more above",
        "以上还有 {n} 级",
        "以上還有 {n} 級",
    ),
    (
        "more_partners",
        "Other dotted-line partners",
        "其他虚线汇报关系",
        "其他虛線匯報關係",
    ),
    (
        "inherited_more",
        "It also carries, through them, the duties of",
        "另经由上述岗位承担以下岗位的工作内容：",
        "另經由上述崗位承擔以下崗位的工作內容：",
    ),
    ("every_day", "Daily", "每日", "每日"),
    ("every_week", "Weekly", "每周", "每周"),
    ("every_month", "Monthly", "每月", "每月"),
    ("every_quarter", "Quarterly", "每季", "每季"),
    ("every_year", "Yearly", "每年", "每年"),
    ("per_day", "a day", "每日", "每日"),
    ("per_week", "a week", "每周", "每周"),
    ("per_month", "a month", "每月", "每月"),
    ("per_quarter", "a quarter", "每季", "每季"),
    ("per_year", "a year", "每年", "每年"),
    ("on_day", "on day {day}", "{day} 日", "{day} 日"),
    ("by_time", "by {time}", "{time} 前", "{time} 前"),
    ("at_least", "at least {n}", "不少于 {n}", "不少於 {n}"),
    ("at_most", "at most {n}", "不多于 {n}", "不多於 {n}"),
    (
        "target_format",
        "{bound} {per}",
        "{per}{bound}",
        "{per}{bound}",
    ),
    ("target_value", "Requirement", "要求", "要求"),
    ("list_sep", ", ", "，", "，"),
    ("skip", "Skip to content", "跳到正文", "跳到正文"),
    ("main_nav", "Main", "主导航", "主導覽"),
    ("breadcrumbs", "You are here", "当前位置", "目前位置"),
    ("legend", "Legend", "图例", "圖例"),
    // The reporting calendar.
    (
        "reporting_calendar",
        "Reporting calendar",
        "汇报工作日程",
        "匯報工作日程",
    ),
    ("from", "From", "汇报岗位", "匯報崗位"),
    ("by_cadence", "By frequency", "按周期", "按週期"),
    ("by_recipient", "By recipient", "按接收人", "按接收人"),
    (
        "received_by",
        "What reaches {to}",
        "{to} 收到的汇报",
        "{to} 收到的匯報",
    ),
    (
        "no_recipient",
        "no recipient given",
        "未指定接收人",
        "未指定接收人",
    ),
    (
        "no_reports",
        "No reporting obligations.",
        "没有汇报工作。",
        "沒有匯報工作。",
    ),
    (
        "subscribe",
        "Subscribe in a calendar (iCalendar)",
        "订阅日历 (iCalendar)",
        "訂閱日曆 (iCalendar)",
    ),
    (
        "subscribe_position",
        "This position's reporting duties as a calendar (iCalendar)",
        "本岗位的汇报日程 (iCalendar)",
        "本崗位的匯報日程 (iCalendar)",
    ),
    (
        "reporting_intro",
        "Every scheduled report of every position: who sends what to whom, by when.",
        "各岗位的定期汇报：谁在什么时候之前向谁提交什么。",
        "各崗位的定期匯報：誰在甚麼時候之前向誰提交甚麼。",
    ),
    ("weekday_1", "Monday", "周一", "週一"),
    ("weekday_2", "Tuesday", "周二", "週二"),
    ("weekday_3", "Wednesday", "周三", "週三"),
    ("weekday_4", "Thursday", "周四", "週四"),
    ("weekday_5", "Friday", "周五", "週五"),
    ("weekday_6", "Saturday", "周六", "週六"),
    ("weekday_7", "Sunday", "周日", "週日"),
    ("on_weekday", "on {weekday}", "{weekday}", "{weekday}"),
    (
        "on_day_of_period",
        "on day {day}",
        "第 {day} 日",
        "第 {day} 日",
    ),
    (
        "ics_summary",
        "{from}: {name} → {to}",
        "{from}：{name} → {to}",
        "{from}：{name} → {to}",
    ),
    (
        "ics_summary_no_to",
        "{from}: {name}",
        "{from}：{name}",
        "{from}：{name}",
    ),
    (
        "ics_no_day",
        "No day is given; the calendar shows it on the first day of the period.",
        "未指定日期，日历将其排在周期的第一天。",
        "未指定日期，日曆將其排在週期的第一天。",
    ),
    // People.
    ("people", "People", "人员", "人員"),
    ("person", "Name", "姓名", "姓名"),
    ("posts_held", "Posts held", "担任岗位", "擔任崗位"),
    (
        "people_intro",
        "Everyone named in the handbook and the posts they hold.",
        "手册中列名的人员及其担任的岗位。",
        "手冊中列名的人員及其擔任的崗位。",
    ),
    (
        "public_edition",
        "Public edition: no names are shown, only the number of seats.",
        "公开版：不列出人员姓名，只显示岗位人数。",
        "公開版：不列出人員姓名，只顯示崗位人數。",
    ),
    ("name_sep", ", ", "、", "、"),
    // The printed handbook.
    ("print", "Print edition", "打印版", "列印版"),
    ("handbook", "Organisation handbook", "组织手册", "組織手冊"),
    (
        "last_change",
        "Last changed {date}",
        "最后更新：{date}",
        "最後更新：{date}",
    ),
    ("contents", "Contents", "目录", "目錄"),
    ("print_volumes", "Volumes", "分册", "分冊"),
    (
        "print_volumes_note",
        "With {n} positions, the handbook is printed in volumes, one per unit: \
         one document of every role would be more than a browser prints.",
        "本手册共 {n} 个岗位，按部门分册打印：全部岗位说明合为一份文件，浏览器无法打印。",
        "本手冊共 {n} 個崗位，按部門分冊列印：全部崗位說明合為一份文件，瀏覽器無法列印。",
    ),
    ("print_volume", "Print volume", "打印分册", "列印分冊"),
    (
        "role_descriptions",
        "Role descriptions",
        "岗位说明",
        "崗位說明",
    ),
    (
        "date_format",
        "{yyyy}-{mm}-{dd}",
        "{y} 年 {m} 月 {d} 日",
        "{y} 年 {m} 月 {d} 日",
    ),
    // Search.
    ("search", "Search", "搜索", "搜尋"),
    (
        "search_placeholder",
        "Search positions, people, duties",
        "搜索岗位、人员、工作内容",
        "搜尋崗位、人員、工作內容",
    ),
    // The placeholder when duties are not in the index.
    (
        "search_placeholder_titles",
        "Search positions, units, people",
        "搜索岗位、部门、人员",
        "搜尋崗位、部門、人員",
    ),
    ("search_none", "Nothing found", "没有找到", "沒有找到"),
    (
        "search_loading",
        "Loading the search index…",
        "正在载入搜索索引…",
        "正在載入搜尋索引…",
    ),
    (
        "search_failed",
        "The search index could not be loaded.",
        "无法载入搜索索引。",
        "無法載入搜尋索引。",
    ),
    // Shown with results when the index leaves duties out (site.yaml:
    // search.full_text_up_to).
    (
        "search_titles_only",
        "Searching titles, units, people and scope, not duties",
        "搜索范围：岗位名称、部门、人员、工作范围（不含工作内容）",
        "搜尋範圍：崗位名稱、部門、人員、工作範圍（不含工作內容）",
    ),
    // Exports and the front page's downloads.
    ("downloads", "Downloads", "数据下载", "資料下載"),
    (
        "download_json",
        "Organisation data (JSON)",
        "组织数据 (JSON)",
        "組織資料 (JSON)",
    ),
    (
        "download_csv",
        "Staffing table for spreadsheets (CSV)",
        "编制表，供电子表格使用 (CSV)",
        "編制表，供試算表使用 (CSV)",
    ),
    ("id", "ID", "编号", "編號"),
    // The page for a missing address.
    ("not_found", "Page not found", "找不到页面", "找不到頁面"),
    (
        "not_found_text",
        "There is no page at this address. Search above, or start from the home page.",
        "此地址没有页面。请使用上方的搜索，或从首页开始。",
        "此地址沒有頁面。請使用上方的搜尋，或從首頁開始。",
    ),
    (
        "generated_by",
        "Generated by orgsite",
        "由 orgsite 生成",
        "由 orgsite 生成",
    ),
    // The chart viewer, its text alternative and printed pages.
    ("chart_zoom_in", "Zoom in", "放大", "放大"),
    ("chart_zoom_out", "Zoom out", "缩小", "縮小"),
    ("chart_fit", "Fit", "全图", "全圖"),
    (
        "chart_search",
        "Find a position or person",
        "查找岗位或人员",
        "查找崗位或人員",
    ),
    ("chart_no_match", "No match", "没有结果", "沒有結果"),
    (
        "chart_help",
        "Drag to move · wheel or + − to zoom · 0 to fit",
        "拖动移动 · 滚轮或 + − 缩放 · 0 全图",
        "拖動移動 · 滾輪或 + − 縮放 · 0 全圖",
    ),
    (
        "chart_as_list",
        "The chart as a list",
        "架构图（列表）",
        "架構圖（列表）",
    ),
    ("chart_files", "Download", "下载", "下載"),
    ("staff", "Staff", "幕僚", "幕僚"),
    ("continued", "(continued)", "（续）", "（續）"),
    ("continued_on", "→ p. {n}", "→ 第 {n} 页", "→ 第 {n} 頁"),
    (
        "continued_from",
        "from p. {n}",
        "接第 {n} 页",
        "接第 {n} 頁",
    ),
];

/// The strings for a site, keyed as in [`TABLE`].
pub fn strings(config: &SiteConfig) -> BTreeMap<String, String> {
    let col = match config.language.as_str() {
        "zh-Hans" => 2,
        "zh-Hant" => 3,
        _ => 1,
    };
    let mut out: BTreeMap<String, String> = TABLE
        .iter()
        .map(|row| {
            let s = match col {
                2 => row.2,
                3 => row.3,
                _ => row.1,
            };
            (row.0.to_string(), s.to_string())
        })
        .collect();
    for (k, v) in &config.strings {
        out.insert(k.clone(), v.clone());
    }
    out
}

/// Keys a site may override in `site.yaml`'s `strings`: the interface's
/// and the changes report's own words (`changes.html`, `orgsite diff`),
/// which take overrides too.
pub fn keys() -> impl Iterator<Item = &'static str> {
    TABLE
        .iter()
        .map(|r| r.0)
        .chain(crate::diff::report::word_keys())
}

pub fn cadence_key(c: Cadence) -> &'static str {
    match c {
        Cadence::Day => "day",
        Cadence::Week => "week",
        Cadence::Month => "month",
        Cadence::Quarter => "quarter",
        Cadence::Year => "year",
    }
}

/// "每月 2 日 10:00 前" / "Monthly on day 2 by 10:00" / "每周 週三" /
/// "Weekly on Wednesday". `day` is the day of the month (monthly), of the
/// week (weekly, 1 = Monday) or of the period (quarterly, yearly).
pub fn due(
    t: &BTreeMap<String, String>,
    every: Cadence,
    day: Option<u32>,
    by: Option<&str>,
) -> String {
    let get = |k: &str| t.get(k).cloned().unwrap_or_default();
    let mut parts = vec![get(&format!("every_{}", cadence_key(every)))];
    if let Some(d) = day {
        parts.push(match every {
            Cadence::Week if (1..=7).contains(&d) => {
                get("on_weekday").replace("{weekday}", &get(&format!("weekday_{d}")))
            }
            Cadence::Month | Cadence::Week => get("on_day").replace("{day}", &d.to_string()),
            Cadence::Quarter | Cadence::Year | Cadence::Day => {
                get("on_day_of_period").replace("{day}", &d.to_string())
            }
        });
    }
    if let Some(time) = by {
        parts.push(get("by_time").replace("{time}", time));
    }
    parts.join(" ")
}

/// A date in the site's language (`date_format`: `{y}`, `{m}`, `{d}`,
/// and zero-padded `{yyyy}`, `{mm}`, `{dd}`).
pub fn date(t: &BTreeMap<String, String>, d: Day) -> String {
    t.get("date_format")
        .map(String::as_str)
        .unwrap_or("{yyyy}-{mm}-{dd}")
        .replace("{yyyy}", &format!("{:04}", d.year))
        .replace("{mm}", &format!("{:02}", d.month))
        .replace("{dd}", &format!("{:02}", d.day))
        .replace("{y}", &d.year.to_string())
        .replace("{m}", &d.month.to_string())
        .replace("{d}", &d.day.to_string())
}

/// A number without a trailing `.0`.
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(lang: &str) -> SiteConfig {
        SiteConfig {
            language: lang.into(),
            ..SiteConfig::default()
        }
    }

    #[test]
    fn due_reads_naturally() {
        let zh = strings(&cfg("zh-Hant"));
        assert_eq!(
            due(&zh, Cadence::Month, Some(2), Some("10:00")),
            "每月 2 日 10:00 前"
        );
        assert_eq!(due(&zh, Cadence::Day, None, Some("10:00")), "每日 10:00 前");
        let en = strings(&cfg("en"));
        assert_eq!(
            due(&en, Cadence::Month, Some(2), Some("10:00")),
            "Monthly on day 2 by 10:00"
        );
        assert_eq!(due(&en, Cadence::Week, None, None), "Weekly");
        assert_eq!(
            due(&en, Cadence::Week, Some(3), Some("17:00")),
            "Weekly on Wednesday by 17:00"
        );
        assert_eq!(due(&zh, Cadence::Week, Some(5), None), "每周 週五");
        assert_eq!(due(&zh, Cadence::Year, Some(10), None), "每年 第 10 日");
    }

    #[test]
    fn dates_follow_the_language() {
        let d = Day::parse("2026-03-04").unwrap();
        assert_eq!(date(&strings(&cfg("en")), d), "2026-03-04");
        assert_eq!(date(&strings(&cfg("zh-Hant")), d), "2026 年 3 月 4 日");
    }

    #[test]
    fn every_language_has_every_key() {
        let keys: Vec<&str> = keys().collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(keys.len(), unique.len(), "a key is listed twice");
        for row in TABLE {
            assert!(
                !row.1.is_empty() && !row.2.is_empty() && !row.3.is_empty(),
                "{}",
                row.0
            );
        }
    }

    #[test]
    fn overrides_win() {
        let mut c = cfg("en");
        c.strings.insert("vacant".into(), "Open".into());
        assert_eq!(strings(&c)["vacant"], "Open");
    }

    #[test]
    fn numbers() {
        assert_eq!(number(20.0), "20");
        assert_eq!(number(2.5), "2.5");
    }
}
