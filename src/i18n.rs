//! The string catalogue: every fixed UI sentence in zh-CN (the default) and English.
//!
//! Pure data; the UI looks strings up by [`Key`] and never writes literals of its own. Dynamic
//! sentences (gaps, diagnostics) are built by the report and ingest modules as
//! [`crate::diagnostic::Text`] pairs.

use serde::{Deserialize, Serialize};

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The short code used by [`crate::diagnostic::Text::get`] (`zh` or `en`).
    pub fn tag_short(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The other language (for the toggle).
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

macro_rules! catalogue {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A fixed UI string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key,)* }

        impl Key {
            /// Every key, for completeness tests.
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }

        /// The string for `key` in `lang`.
        pub fn t(lang: Lang, key: Key) -> &'static str {
            match (lang, key) {
                $((Lang::Zh, Key::$key) => $zh, (Lang::En, Key::$key) => $en,)*
            }
        }
    };
}

catalogue! {
    AppName => "园区自评", "ParkCheck";
    Tagline => "对照四川省“5+1”重点特色园区创建标准自评园区，并按“亩均论英雄”为每家企业打分分类，给出与每项标准的准确差距。",
        "Check a park against Sichuan's \"5+1\" key characteristic park creation standards and score every enterprise under 亩均论英雄 (output per mu), with the exact gap to each threshold.";
    Privacy => "数据只在您的浏览器中计算，不会上传", "Your data is computed only in your browser and is never uploaded";
    DropHere => "把表格文件拖到这里", "Drop a spreadsheet here";
    DropFormats => "支持 CSV（任意中文编码）、XLSX、XLS、ODS，以及政府系统导出的网页格式 .xls", "CSV in any Chinese encoding, XLSX, XLS, ODS, and HTML-table .xls exports";
    ChooseFile => "选择文件", "Choose a file";
    TrySample => "用示例数据试一试", "Try the sample data";
    SwitchLang => "English", "中文";
    Reading => "正在读取", "Reading";
    LoadedFile => "已读取文件", "File loaded";
    Bytes => "字节", "bytes";
    ReadFailed => "无法读取该文件，请重试或换一个文件。", "The file could not be read. Try again or choose another file.";
    LoadAnother => "换一个文件", "Load another file";
    PasteTitle => "或者：从表格中复制，粘贴到这里", "Or: copy cells in your spreadsheet and paste them here";
    PastePlaceholder => "在 Excel/WPS 中选中含表头的区域，复制后粘贴到此处", "Select the cells including the header in Excel/WPS, copy, and paste here";
    PasteButton => "读取粘贴的数据", "Read the pasted cells";
    Templates => "下载空白模板：", "Blank templates:";
    TemplateXlsx => "Excel 模板（.xlsx）", "Excel template (.xlsx)";
    TemplateCsv => "CSV 模板", "CSV template";
    ClearData => "清除我的数据", "Clear my data";
    DataCheck => "数据检查", "Data check";
    SourceFile => "文件", "File";
    SampleSource => "示例数据（三个年度，十家企业）", "Sample data (three years, ten enterprises)";
    Format => "格式", "Format";
    Encoding => "编码", "Encoding";
    Sheets => "工作表", "Sheets";
    SheetRole => "用途", "Used as";
    HeaderRows => "表头行", "Header rows";
    Years => "年度", "Years";
    RowsRead => "读取行数", "Rows read";
    RoleEnterprise => "企业数据", "Enterprise rows";
    RolePark => "园区信息", "Park facts";
    RoleIgnored => "未使用", "Not used";
    Mapping => "列对应关系", "Column mapping";
    Column => "列", "Column";
    Header => "表头", "Header";
    Field => "对应字段", "Field";
    Unit => "单位", "Unit";
    Confidence => "把握", "Confidence";
    Ignored => "（不读取）", "(not read)";
    Diagnostics => "数据问题", "Data issues";
    NoDiagnostics => "没有发现问题。", "No issues found.";
    Fix => "建议", "Fix";
    Year => "评价年度", "Year";
    Scorecard => "园区创建标准自评", "Park creation standards";
    Observed => "实际", "Observed";
    Threshold => "标准", "Standard";
    SelfDeclared => "自评声明", "Self-declared";
    Modified => "已修改", "Modified";
    YearFigures => "园区亩均效益（逐年）", "Park output per mu, by year";
    MuRevenue => "亩均营业收入（万元/亩）", "Revenue per mu (10k yuan/mu)";
    MuTax => "亩均税收（万元/亩）", "Tax per mu (10k yuan/mu)";
    Warning => "预警", "Warning";
    Ranking => "企业“亩均论英雄”评价", "Enterprise evaluation (亩均论英雄)";
    Rank => "排名", "Rank";
    Enterprise => "企业", "Enterprise";
    Class => "类别", "Class";
    Score => "得分", "Score";
    Access => "亩均税收", "Tax per mu";
    ExitStatus => "退出机制", "Exit status";
    Benchmark => "基准值", "Benchmark";
    Weight => "权重", "Weight";
    AllClasses => "全部类别", "All classes";
    SearchName => "按企业名称搜索", "Search by name";
    BelowThreshold => "未达准入门槛", "Below access threshold";
    NextClass => "升级所需", "To move up";
    Packs => "规则包", "Rule packs";
    RowsShown => "显示", "Showing";
    PrintedPage => "本表打印的是当前页与当前筛选；完整名单请在“分享与导出”中导出 Excel", "This table prints the current page and filters; export Excel under Share and export for the full list";
    ResetMapping => "恢复自动识别", "Back to automatic detection";
    ChosenByYou => "已手动指定", "Chosen by you";
    EncodingAuto => "自动识别", "Detect automatically";
    EncodingHint => "如果中文显示为乱码，请换一种编码", "If Chinese text looks garbled, choose another encoding";
    ContinueWithWarnings => "只有警告：可以继续查看结果，警告不影响计算", "Only warnings remain: the results below are computed; warnings do not stop the evaluation";
    ErrorsRemain => "有错误的行未计入；修正原表后重新读取，其余行照常计算", "Rows with errors are not counted; fix them in the workbook and load it again — the other rows are evaluated";
    Facts => "园区基本情况", "Park facts";
    FactsHint => "修改后立即重新计算；文件中有“园区信息”表时已自动填入", "Changes re-evaluate at once; filled in from the file's park sheet when it has one";
    FactsFromYou => "已按您填写的内容计算", "Evaluated with your entries";
    ResetFacts => "恢复文件中的园区信息", "Back to the file's park facts";
    ParkName => "园区名称", "Park name";
    County => "所在县（市、区）", "County";
    Domain => "产业领域", "Industry domain";
    LeadingIndustry => "主导产业", "Leading industry";
    KeyFields => "重点发展领域（用顿号或逗号分隔，2–3 个）", "Key fields (separated by 、 or commas, 2–3)";
    NewFactoryArea => "新建标准化厂房面积（平方米）", "New standard factory area (m²)";
    NewMultistoreyArea => "其中多层标准化厂房面积（平方米）", "Of which multi-storey (m²)";
    ProvincialReward => "省级奖励资金（万元）", "Provincial reward (10k yuan)";
    Platforms => "创新平台", "Innovation platforms";
    PlatformName => "平台名称", "Platform name";
    PlatformLevel => "级别", "Level";
    LevelNational => "国家级", "National";
    LevelProvincial => "省级", "Provincial";
    LevelMunicipal => "市级", "Municipal";
    LevelOther => "其他", "Other";
    AddPlatform => "添加平台", "Add a platform";
    Remove => "删除", "Remove";
    Checklist => "自评声明事项（C6–C8）", "Self-declared items (C6–C8)";
    Unanswered => "未填写", "Not answered";
    Yes => "是", "Yes";
    No => "否", "No";
    PriorWarnings => "以往年度是否被预警", "Warned in earlier years";
    NotSelected => "未选择", "Not chosen";
    Parameters => "评价参数", "Parameters";
    ParametersHint => "只有“本地参数”可以修改；修改后立即重新计算，并在结果中标注“已修改”", "Only local parameters can change; changes re-evaluate at once and are marked “Modified” in the results";
    PackDefault => "规则包取值", "Pack value";
    ResetParams => "全部恢复默认", "Reset all";
    ResetParam => "恢复", "Reset";
    CustomPack => "自定义规则包（.toml）", "Custom rule pack (.toml)";
    CustomPackHint => "载入的规则包替换同类的内置规则包", "A loaded pack replaces the built-in pack of its kind";
    RemovePack => "移除自定义规则包", "Remove the custom pack";
    PackErrors => "规则包有错误，仍使用内置规则包", "The pack has errors; the built-in packs are used";
    Charts => "图表", "Charts";
    // The city view (issue 7): src/ui/city and src/report/city.rs.
    ModeSwitch => "视图", "View";
    ModePark => "单个园区", "One park";
    ModeCity => "全市视图", "City view";
    CityTitle => "全市园区评价", "City view of the parks";
    CityIntro => "一次选择多个园区的文件（每个文件一个园区，同一园区的分年度文件会合并），或一个含“园区名称”列、汇总多个园区企业的工作簿。各园区按同一规则包和参数评价。", "Choose several parks' files at once (one park per file; files of the same park, one per year say, are merged), or one workbook with a park column (园区名称) holding many parks' enterprises. Every park is evaluated with the same rule packs and parameters.";
    CityChooseFiles => "选择园区文件（可多选）", "Choose park files (several at once)";
    CityAddFiles => "再添加文件", "Add more files";
    CityDropHere => "也可以把多个文件一起拖到这里", "Or drop several files here at once";
    CityFiles => "已选文件", "Files";
    CityFileWaiting => "等待读取", "Waiting";
    CityFileReading => "正在读取…", "Reading…";
    CityFileFailed => "无法读取", "Could not be read";
    CityParksInFile => "个园区", "park(s)";
    CityReadingFiles => "正在读取文件", "Reading files";
    CityClear => "移除全部文件", "Remove all files";
    CityOptions => "评价选项", "Options";
    CityYearLatest => "最新年度", "Latest year";
    CityBenchmarks => "亩均基准按全市所有企业计算（全市统一排名和分类）", "City-wide 亩均 benchmarks (one ranking and one set of classes for the city)";
    CityGoal => "全市目标", "City goal";
    CityClosest => "最接近达标", "Closest to the standards";
    CityDashboard => "园区一览", "Parks at a glance";
    CityPark => "园区", "Park";
    CityOverall => "总体", "Overall";
    CityStatus => "预警/约谈", "Warning";
    CityMuRevenue => "亩均营收", "Revenue/mu";
    CityGrowth => "年均增长", "Growth/yr";
    CityAShare => "A 类占比", "A share";
    CityNoFacts => "无园区信息", "No park facts";
    CityLegend => "✓ 达标 · ≈ 接近 · ✗ 未达标 · – 不适用 · ? 无法评价；亩均营收单位 万元/亩；把鼠标移到格子上可看说明", "✓ met · ≈ near · ✗ not met · – not applicable · ? cannot evaluate; revenue per mu in 10k yuan/mu; hover a cell for its sentence";
    CityOverallMet => "达标", "Met";
    CityOverallNotMet => "未达标", "Not met";
    CityOverallNotEvaluable => "无法判断", "Cannot tell";
    CitySortInput => "输入顺序", "Input order";
    CitySortLabel => "园区名称", "Park name";
    CitySortCloseness => "距达标由近到远", "Closest to the standards first";
    CitySortStatus => "约谈、预警在前", "Interview and warning first";
    CitySortMuRevenue => "亩均营收由高到低", "Revenue per mu, highest first";
    CitySortGrowth => "年均增长由高到低", "Growth, highest first";
    CitySortAShare => "A 类占比由高到低", "A-class share, highest first";
    CityFilter => "筛选", "Filter";
    CityFilterAll => "全部园区", "All parks";
    CityFilterMet => "已达标", "Meeting the standards";
    CityFilterNotMet => "未达标", "Not meeting the standards";
    CityFilterWarned => "预警或约谈", "Warned or interviewed";
    CityFilterInterview => "约谈", "Interview";
    CityFilterFailing => "未达标或接近", "not met or near";
    CityFilterWithoutFacts => "缺少园区信息", "Without park facts";
    CityCharts => "各园区关键指标与标准", "Parks on the key indicators against the standards";
    CityRanking => "全市企业“亩均论英雄”评价", "City enterprise evaluation (亩均论英雄)";
    CityDifferences => "评价口径差异", "Differences in packs or parameters";
    CityDiagnostics => "数据问题（按园区和文件）", "Data issues (by park and file)";
    Detail => "企业详情", "Enterprise detail";
    ShowDetail => "查看详情", "Details";
    CloseDetail => "关闭", "Close";
    Item => "指标", "Indicator";
    Inputs => "所用数据", "Inputs";
    Result => "结果", "Result";
    Provenance => "依据", "Provenance";
    Page => "页", "Page";
    PrevPage => "上一页", "Previous";
    NextPage => "下一页", "Next";
    Print => "打印报告", "Print report";
    PrintTitle => "园区自评报告", "ParkCheck report";
    PrintedOn => "生成日期", "Date";
    FileFingerprint => "文件指纹（SHA-256）", "File fingerprint (SHA-256)";
    Criteria => "评价明细", "Criteria in detail";
    SaveFailed => "浏览器无法保存本次数据（文件过大或存储已满）；刷新页面后需要重新选择文件", "The browser could not keep this data (file too large or storage full); after a reload, choose the file again";
    Restored => "已恢复上次的数据", "Your last data was restored";
    Share => "分享与导出", "Share and export";
    ShareHint => "链接只在地址的 # 之后，不经过任何服务器", "The data sits after the # of the address and never passes through a server";
    ResultLink => "生成结果链接", "Make a result link";
    FullLink => "生成完整数据链接", "Make a full-data link";
    Passphrase => "完整数据链接的口令（可选）", "Passphrase for the full-data link (optional)";
    LinkLength => "链接长度（字符）：", "Link length (characters):";
    CopyLink => "复制链接", "Copy the link";
    Copied => "已复制", "Copied";
    LinkTooLong => "链接超过 2,000 个字符，部分聊天软件会截断；请改为发送 .parkcheck 文件", "The link is over 2,000 characters, which some chat apps cut; send the .parkcheck file instead";
    DownloadParkcheck => "下载 .parkcheck 文件", "Download the .parkcheck file";
    QrAlt => "链接的二维码", "QR code of the link";
    Export => "导出：", "Export:";
    ExportXlsx => "Excel（.xlsx）", "Excel (.xlsx)";
    ExportRankingCsv => "企业表 CSV", "Enterprises CSV";
    ExportScorecardCsv => "评价结果 CSV", "Scorecard CSV";
    SharedReadOnly => "这是他人分享的结果（只读）。", "This is a shared result (read-only).";
    CloseShared => "关闭并回到我的数据", "Close and return to my data";
    LinkOpened => "已打开分享链接中的完整数据", "Opened the full data of a share link";
    LinkPacksChanged => "该链接使用的规则包与当前版本不同，以下结果已用当前规则重新计算。与链接中结果的差异：", "The link was made with other rule packs; the results below are recomputed with the current rules. Differences from the link:";
    NoDifferences => "重新计算的结果与链接中的结果一致。", "The recomputed results equal the link's.";
    InTheLink => "链接中", "In the link";
    Now => "当前规则", "Current rules";
    LinkNeedsPassphrase => "此链接有口令保护，请输入口令：", "This link is protected; enter its passphrase:";
    OpenLink => "打开", "Open";
    ExportRankingFile => "企业亩均评价.csv", "enterprises.csv";
    ExportScorecardFile => "园区评价结果.csv", "scorecard.csv";
    UpdateReady => "新版本已就绪（当前数据会保留）", "A new version is ready (your data is kept)";
    UpdateNow => "立即更新", "Update now";
    StageReading => "正在读取文件…", "Reading the file…";
    StageInterpreting => "正在识别表头、列和单位…", "Finding headers, columns and units…";
    Cancel => "取消", "Cancel";
    AllStatuses => "全部状态", "All statuses";
    SortBy => "排序", "Sort by";
    CityLink => "生成全市链接", "Make a city link";
    CityPassphrase => "全市链接的口令（可选）", "Passphrase for the city link (optional)";
    CityParkcheckFile => "全市园区评价.parkcheck", "parkcheck-city.parkcheck";
    CityLinks => "粘贴分享链接（可多个，每个一行）：完整数据链接加为园区，全市链接加入其全部园区", "Paste share links (several, one per line): a full-data link adds its park, a city link all of its parks";
    CityAddLinks => "加入链接", "Add the links";
    CityLinkPassphrase => "受保护链接的口令", "Passphrase of protected links";
    CityPastedLink => "粘贴的链接", "Pasted link";
    CityFromLink => "来自链接", "from a link";
    CityLinkOpened => "已打开全市链接：以下为按本页规则包重新计算的结果", "Opened a city link: the results below are recomputed with this page's rule packs";
    CityLinkPacksChanged => "该全市链接使用的规则包与当前版本不同，结果已用当前规则重新计算：", "The city link was made with other rule packs; the results are recomputed with the current rules:";
    CityPrintTitle => "全市园区评价报告", "City report of the parks";
    CityPrintParks => "各园区评价明细", "Each park's criteria";
    Gap => "差距", "Gap";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages() {
        for &key in Key::ALL {
            assert!(!t(Lang::Zh, key).is_empty(), "{key:?} zh");
            assert!(!t(Lang::En, key).is_empty(), "{key:?} en");
        }
    }

    #[test]
    fn the_sample_button_label_is_exact() {
        assert_eq!(t(Lang::Zh, Key::TrySample), "用示例数据试一试");
        assert_eq!(
            t(Lang::Zh, Key::Privacy),
            "数据只在您的浏览器中计算，不会上传"
        );
    }
}
