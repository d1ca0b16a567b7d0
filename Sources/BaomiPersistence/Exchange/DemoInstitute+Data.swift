import BaomiDomain

/// The sample institute's fixed shape: departments, posts, places, projects and accounts. Only people's names and
/// the carriers vary with the seed, so counts a test relies on stay put.
extension DemoInstitute {
    struct DepartmentPlan {
        var code: String
        var name: String
        var isKey: Bool
        /// The 字 of the department's document numbers, e.g. 总体字〔2026〕12号.
        var documentPrefix: String
        /// Posts in order; the first is the department's head.
        var posts: [PostPlan]
    }

    struct PostPlan {
        var post: String
        var isLeader: Bool = false
        /// 定密责任人 up to this level (T5.1).
        var classifies: LevelID?
        var workingGroup: WorkingGroupRole?
        /// The department's part-time secrecy officer (T4).
        var isSecrecyOfficer: Bool = false
        /// A demo account for this person, with its business role.
        var account: (username: String, role: Role)?
    }

    static let unit = (code: "YJS", name: "某研究所")

    static let departments: [DepartmentPlan] = [
        DepartmentPlan(
            code: "LD", name: "所领导", isKey: false, documentPrefix: "所发",
            posts: [
                PostPlan(post: "所长", isLeader: true, classifies: .topSecret),
                PostPlan(
                    post: "副所长（主管科研）", isLeader: true, classifies: .topSecret, workingGroup: .head,
                    account: ("leader", .leader)),
                // Reviews proposed classifications and reclassifications before the leader decides (T5.1, C9).
                PostPlan(
                    post: "总工程师", isLeader: true, classifies: .secret,
                    account: ("dmsh", .classificationReviewer)),
                PostPlan(post: "所长助理", isSecrecyOfficer: true),
            ]),
        DepartmentPlan(
            code: "ZHB", name: "综合办公室", isKey: false, documentPrefix: "所办",
            posts: [
                PostPlan(post: "主任", classifies: .internal, workingGroup: .member),
                PostPlan(post: "机要员", isSecrecyOfficer: true),
                PostPlan(post: "文书"),
                PostPlan(post: "人事专员"),
                PostPlan(post: "行政专员"),
            ]),
        DepartmentPlan(
            code: "KJB", name: "科技质量部", isKey: false, documentPrefix: "科技",
            posts: [
                PostPlan(post: "部长", classifies: .secret, workingGroup: .deputy),
                PostPlan(post: "副部长"),
                PostPlan(post: "项目主管", isSecrecyOfficer: true),
                PostPlan(post: "项目主管"),
                PostPlan(post: "质量工程师"),
            ]),
        DepartmentPlan(
            code: "DAZX", name: "知识产权与档案中心", isKey: true, documentPrefix: "档案",
            posts: [
                PostPlan(post: "主任", classifies: .coreCommercial, workingGroup: .member),
                PostPlan(
                    post: "专职保密干部（保密办）", workingGroup: .member, isSecrecyOfficer: true,
                    account: ("bmb", .securityOffice)),
                PostPlan(post: "档案管理员"),
                PostPlan(post: "知识产权专员"),
                PostPlan(post: "保密技术员"),
            ]),
        DepartmentPlan(
            code: "ZTB", name: "总体设计部", isKey: true, documentPrefix: "总体",
            posts: [
                PostPlan(post: "主任", classifies: .secret, workingGroup: .member),
                PostPlan(post: "副主任"),
                PostPlan(post: "总体设计师", isSecrecyOfficer: true, account: ("bmy.zt", .secrecyOfficer)),
                PostPlan(post: "设计师", account: ("staff1", .staff)),
                PostPlan(post: "设计师"),
                PostPlan(post: "助理设计师"),
            ]),
        DepartmentPlan(
            code: "YJ1", name: "第一研究室", isKey: true, documentPrefix: "一室",
            posts: [
                PostPlan(post: "主任", classifies: .secret),
                PostPlan(post: "高级工程师", isSecrecyOfficer: true, account: ("bmy.yj1", .secrecyOfficer)),
                PostPlan(post: "工程师"),
                PostPlan(post: "工程师"),
                PostPlan(post: "助理工程师"),
            ]),
        DepartmentPlan(
            code: "YJ2", name: "第二研究室", isKey: false, documentPrefix: "二室",
            posts: [
                PostPlan(post: "主任", classifies: .confidential),
                PostPlan(post: "工程师", isSecrecyOfficer: true),
                PostPlan(post: "工程师", account: ("staff2", .staff)),
                PostPlan(post: "工程师"),
                PostPlan(post: "助理工程师"),
            ]),
        DepartmentPlan(
            code: "SYZX", name: "试验中心", isKey: true, documentPrefix: "试验",
            posts: [
                PostPlan(post: "主任", classifies: .confidential, workingGroup: .member),
                PostPlan(post: "试验工程师", isSecrecyOfficer: true, account: ("bmy.sy", .secrecyOfficer)),
                PostPlan(post: "试验工程师"),
                PostPlan(post: "试验工程师"),
                PostPlan(post: "设备管理员"),
            ]),
    ]

    struct PlacePlan {
        var code: String
        var name: String
        var kind: StorageClass
        var maxLevel: LevelID
        var department: String
        /// Index of the custodian among the department's posts.
        var custodianPost: Int
        var location: String
    }

    /// Every kind of place (C6) and every level as a highest level.
    static let places: [PlacePlan] = [
        PlacePlan(
            code: "DA-ZK-01", name: "涉密档案专库", kind: .vault, maxLevel: .topSecret, department: "DAZX", custodianPost: 2,
            location: "档案楼 B1"),
        PlacePlan(
            code: "DA-BXG-01", name: "档案中心密码保险柜", kind: .safe, maxLevel: .topSecret, department: "DAZX",
            custodianPost: 2, location: "档案楼 105"),
        PlacePlan(
            code: "DA-YLS-01", name: "涉密阅览室", kind: .readingRoom, maxLevel: .secret, department: "DAZX",
            custodianPost: 2, location: "档案楼 201"),
        PlacePlan(
            code: "LD-BGS-01", name: "所长办公室", kind: .office, maxLevel: .topSecret, department: "LD", custodianPost: 0,
            location: "办公楼 501"),
        PlacePlan(
            code: "LD-BXG-01", name: "所领导密码保险柜", kind: .safe, maxLevel: .topSecret, department: "LD",
            custodianPost: 3, location: "办公楼 503"),
        PlacePlan(
            code: "ZH-JYS-01", name: "机要室密码保险柜", kind: .safe, maxLevel: .topSecret, department: "ZHB",
            custodianPost: 1, location: "办公楼 108"),
        PlacePlan(
            code: "ZH-WJG-01", name: "综合办公室密码文件柜", kind: .fileCabinet, maxLevel: .coreCommercial,
            department: "ZHB", custodianPost: 2, location: "办公楼 110"),
        PlacePlan(
            code: "ZH-GRG-01", name: "文书个人密码柜", kind: .personalCabinet, maxLevel: .internal, department: "ZHB",
            custodianPost: 2, location: "办公楼 110"),
        PlacePlan(
            code: "KJ-WJG-01", name: "科技质量部密码文件柜", kind: .fileCabinet, maxLevel: .secret, department: "KJB",
            custodianPost: 2, location: "科研楼 302"),
        PlacePlan(
            code: "KJ-GRG-01", name: "项目主管个人密码柜", kind: .personalCabinet, maxLevel: .ordinaryCommercial,
            department: "KJB", custodianPost: 3, location: "科研楼 305"),
        PlacePlan(
            code: "ZT-BXG-01", name: "总体设计部密码保险柜", kind: .safe, maxLevel: .topSecret, department: "ZTB",
            custodianPost: 2, location: "科研楼 401"),
        PlacePlan(
            code: "ZT-WJG-01", name: "总体设计部密码文件柜", kind: .fileCabinet, maxLevel: .secret, department: "ZTB",
            custodianPost: 2, location: "科研楼 402"),
        PlacePlan(
            code: "YJ1-BXG-01", name: "第一研究室密码保险柜", kind: .safe, maxLevel: .topSecret, department: "YJ1",
            custodianPost: 1, location: "科研楼 501"),
        PlacePlan(
            code: "YJ1-WJG-01", name: "第一研究室密码文件柜", kind: .fileCabinet, maxLevel: .secret, department: "YJ1",
            custodianPost: 1, location: "科研楼 502"),
        PlacePlan(
            code: "YJ2-WJG-01", name: "第二研究室密码文件柜", kind: .fileCabinet, maxLevel: .confidential,
            department: "YJ2", custodianPost: 1, location: "科研楼 601"),
        PlacePlan(
            code: "SY-WJG-01", name: "试验中心密码文件柜", kind: .fileCabinet, maxLevel: .secret, department: "SYZX",
            custodianPost: 4, location: "试验楼 103"),
    ]

    struct ProjectPlan {
        var code: String
        var name: String
        var level: LevelID
        var isKey: Bool
        /// Departments working on it: carriers of the project are made there.
        var departments: [String]
    }

    static let projects: [ProjectPlan] = [
        ProjectPlan(code: "XM-01", name: "某重点型号预先研究", level: .topSecret, isKey: true, departments: ["ZTB", "YJ1"]),
        ProjectPlan(code: "XM-02", name: "某型装备总体论证", level: .secret, isKey: true, departments: ["ZTB", "KJB", "SYZX"]),
        ProjectPlan(
            code: "XM-03", name: "新型复合材料工艺研究", level: .confidential, isKey: false, departments: ["YJ2", "SYZX"]),
        ProjectPlan(
            code: "SM-01", name: "民品合作开发（某集团）", level: .coreCommercial, isKey: false, departments: ["KJB", "YJ2"]),
        ProjectPlan(code: "NB-01", name: "研究所信息化建设", level: .internal, isKey: false, departments: ["ZHB", "DAZX"]),
    ]

    static let surnames = Array(
        "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文"
    )
    .map(String.init)
    static let givenNames = [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "华", "建国", "志强",
        "海燕", "晓东", "文博", "子涵", "雨桐", "思远", "国庆", "建华", "玉兰", "春梅", "立新", "红梅", "宏伟", "志刚", "丽娟", "鹏",
        "飞", "斌", "晨", "亮", "婷", "慧", "刚", "平", "辉", "宁", "欣怡", "浩然", "嘉怡", "俊杰", "瑞", "琳", "梓萱", "宇航",
    ]

    /// Title patterns per content category (T6); `{p}` is a project's name, or the department's where there is none.
    static let titles: [CarrierCategory: [String]] = [
        .drawing: ["{p}总体布局图", "{p}结构设计图纸", "{p}关键部件加工图", "{p}电气原理图"],
        .testRecord: ["{p}环境试验报告", "{p}性能测试原始记录", "{p}振动试验数据记录", "{p}可靠性试验总结"],
        .process: ["{p}热处理工艺规程", "{p}装配工艺文件", "{p}焊接工艺评定报告"],
        .formula: ["{p}树脂基体配方", "{p}涂层配方及配比说明"],
        .sample: ["{p}材料试样", "{p}关键部件样件"],
        .data: ["{p}仿真计算数据", "{p}试验测量数据汇编", "{p}设计数据库备份"],
        .method: ["{p}精密加工生产方法", "{p}批量生产工艺方法"],
        .technicalSolution: ["{p}总体技术方案", "{p}可行性论证报告", "{p}技术改造实施方案"],
        .program: ["{p}控制软件源程序", "{p}数据处理软件"],
        .other: ["{p}项目会议纪要", "{p}阶段工作总结"],
    ]

    /// Documents received from outside (收文, C2): title and issuing authority.
    static let receivedDocuments: [(title: String, authority: String, prefix: String, regime: Regime)] = [
        ("关于加强科研生产保密管理工作的通知", "上级主管部门", "主管保〔2026〕", .state),
        ("关于下达某型号研制任务的通知", "某集团公司", "集团科〔2026〕", .state),
        ("某型装备研制总要求", "某部科技委", "科委字〔2026〕", .state),
        ("关于开展年度保密检查的通知", "上级主管部门", "主管保〔2026〕", .state),
        ("关于印发《涉密载体管理细则》的通知", "某集团公司", "集团保〔2026〕", .state),
        ("某型号阶段评审意见", "某部科技委", "科委评〔2026〕", .state),
        ("某系统接口控制文件", "某集团公司", "集团技〔2026〕", .state),
        ("合作研制技术协议", "合作单位某公司", "合协〔2026〕", .commercial),
        ("联合开发产品技术规格书", "合作单位某公司", "合技〔2026〕", .commercial),
    ]

    /// Outside units copies are sent to, with the secrecy qualification on their certificate (C3).
    static let outsideUnits: [(name: String, qualification: ReceiverQualification, certificate: String)] = [
        ("某集团公司科技部", .gradeOne, "保资一〔2024〕0127号"), ("某部科技委办公室", .stateOrgan, "机关公函〔2026〕3号"),
        ("合作单位某公司", .gradeThree, "保资三〔2025〕0456号"), ("某试验基地", .gradeOne, "保资一〔2023〕0031号"),
    ]
    static let repairers = ["所计算机维修组", "某指定维修单位（具备保密资质）"]
}
