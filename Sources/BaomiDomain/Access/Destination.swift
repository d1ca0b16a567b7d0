import Foundation

/// Where a carried-out copy goes (外带去向, C4, L1.7): a place in a province of the mainland, or a country or region
/// outside it. Whether it goes abroad (出境) follows from the destination, never from a tick box.
public struct Destination: Hashable, Sendable, Codable {
    /// ISO 3166-1 alpha-2 code: `CN` for the mainland; Hong Kong, Macao and Taiwan count as leaving the country
    /// (出境), as the exit rules treat them.
    public var country: String
    /// GB/T 2260 code of the province-level division, for a destination on the mainland.
    public var province: String?
    /// The place itself: the unit, building or address.
    public var place: String

    public init(country: String, province: String?, place: String) {
        self.country = country
        self.province = province
        self.place = place
    }

    public static let home = "CN"

    public var isAbroad: Bool { country != Self.home }

    /// As the papers show it: `北京市 某部科技委会议室`, `美国 华盛顿`.
    public var text: LocalizedText {
        if !isAbroad {
            let province = Geography.province(province)
            return LocalizedText(
                zh: [province?.zh, place].compactMap { $0 }.joined(separator: " "),
                en: [province?.en, place].compactMap { $0 }.joined(separator: " "))
        }
        let country = Geography.country(country)
        return LocalizedText(
            zh: [country?.zh ?? self.country, place].joined(separator: " "),
            en: [country?.en ?? self.country, place].joined(separator: " "))
    }

    /// Never abroad (L1.7); on the mainland a known province and the place named; and a place that names a country
    /// or region outside the mainland is abroad whatever the province says ("美国华盛顿" is not in 北京市).
    public func check() -> [FieldError] {
        func error(_ field: String, _ rule: String, zh: String, en: String) -> FieldError {
            FieldError(field: field, rule: RuleID(rule), message: LocalizedText(zh: zh, en: en))
        }
        let abroad = error(
            "destinationCountry", "L1.7", zh: "不得携带涉密载体出境（含港澳台地区）", en: "Classified carriers never leave the country")
        if isAbroad {
            return Geography.country(country) == nil
                ? [error("destinationCountry", "C4", zh: "请选择去向所在的国家或地区", en: "Choose the destination's country")]
                : [abroad]
        }
        var errors: [FieldError] = []
        if Geography.province(province) == nil {
            errors.append(
                error("destinationProvince", "C4", zh: "请选择去向所在的省、自治区、直辖市", en: "Choose the destination's province"))
        }
        if place.trimmed.isEmpty {
            errors.append(error("destination", "C4", zh: "请写明去向（单位或地点）", en: "Name the destination (unit or place)"))
        } else if let named = Geography.foreignName(in: place) {
            errors.append(
                error(
                    "destination", "L1.7", zh: "去向「\(place.trimmed)」在境外（\(named.zh)）：不得携带涉密载体出境",
                    en: "\(place.trimmed) is outside the country (\(named.en)): classified carriers never go abroad"))
        }
        return errors
    }
}

/// The province-level divisions of the mainland and the countries and regions outside it, for destinations.
public enum Geography {
    public struct Entry: Hashable, Sendable {
        public var code: String
        public var zh: String
        public var en: String
    }

    /// GB/T 2260.
    public static let provinces: [Entry] = [
        ("110000", "北京市", "Beijing"), ("120000", "天津市", "Tianjin"), ("130000", "河北省", "Hebei"),
        ("140000", "山西省", "Shanxi"), ("150000", "内蒙古自治区", "Inner Mongolia"), ("210000", "辽宁省", "Liaoning"),
        ("220000", "吉林省", "Jilin"), ("230000", "黑龙江省", "Heilongjiang"), ("310000", "上海市", "Shanghai"),
        ("320000", "江苏省", "Jiangsu"), ("330000", "浙江省", "Zhejiang"), ("340000", "安徽省", "Anhui"),
        ("350000", "福建省", "Fujian"), ("360000", "江西省", "Jiangxi"), ("370000", "山东省", "Shandong"),
        ("410000", "河南省", "Henan"), ("420000", "湖北省", "Hubei"), ("430000", "湖南省", "Hunan"),
        ("440000", "广东省", "Guangdong"), ("450000", "广西壮族自治区", "Guangxi"), ("460000", "海南省", "Hainan"),
        ("500000", "重庆市", "Chongqing"), ("510000", "四川省", "Sichuan"), ("520000", "贵州省", "Guizhou"),
        ("530000", "云南省", "Yunnan"), ("540000", "西藏自治区", "Tibet"), ("610000", "陕西省", "Shaanxi"),
        ("620000", "甘肃省", "Gansu"), ("630000", "青海省", "Qinghai"), ("640000", "宁夏回族自治区", "Ningxia"),
        ("650000", "新疆维吾尔自治区", "Xinjiang"),
    ].map { Entry(code: $0.0, zh: $0.1, en: $0.2) }

    /// ISO 3166-1 alpha-2: the mainland first, then the regions and countries a destination outside it names most.
    public static let countries: [Entry] = [
        ("CN", "中国（境内）", "China (mainland)"), ("HK", "中国香港", "Hong Kong, China"), ("MO", "中国澳门", "Macao, China"),
        ("TW", "中国台湾", "Taiwan, China"), ("US", "美国", "United States"), ("JP", "日本", "Japan"),
        ("KR", "韩国", "South Korea"), ("KP", "朝鲜", "North Korea"), ("RU", "俄罗斯", "Russia"),
        ("GB", "英国", "United Kingdom"), ("FR", "法国", "France"), ("DE", "德国", "Germany"), ("IT", "意大利", "Italy"),
        ("ES", "西班牙", "Spain"), ("PT", "葡萄牙", "Portugal"), ("NL", "荷兰", "Netherlands"), ("BE", "比利时", "Belgium"),
        ("CH", "瑞士", "Switzerland"), ("AT", "奥地利", "Austria"), ("SE", "瑞典", "Sweden"), ("NO", "挪威", "Norway"),
        ("FI", "芬兰", "Finland"), ("DK", "丹麦", "Denmark"), ("PL", "波兰", "Poland"), ("CZ", "捷克", "Czechia"),
        ("HU", "匈牙利", "Hungary"), ("GR", "希腊", "Greece"), ("TR", "土耳其", "Türkiye"), ("UA", "乌克兰", "Ukraine"),
        ("BY", "白俄罗斯", "Belarus"), ("RS", "塞尔维亚", "Serbia"), ("IE", "爱尔兰", "Ireland"), ("CA", "加拿大", "Canada"),
        ("MX", "墨西哥", "Mexico"), ("BR", "巴西", "Brazil"), ("AR", "阿根廷", "Argentina"), ("CL", "智利", "Chile"),
        ("CU", "古巴", "Cuba"), ("AU", "澳大利亚", "Australia"), ("NZ", "新西兰", "New Zealand"), ("IN", "印度", "India"),
        ("PK", "巴基斯坦", "Pakistan"), ("BD", "孟加拉国", "Bangladesh"), ("LK", "斯里兰卡", "Sri Lanka"),
        ("NP", "尼泊尔", "Nepal"), ("MN", "蒙古国", "Mongolia"), ("KZ", "哈萨克斯坦", "Kazakhstan"),
        ("UZ", "乌兹别克斯坦", "Uzbekistan"), ("KG", "吉尔吉斯斯坦", "Kyrgyzstan"), ("TJ", "塔吉克斯坦", "Tajikistan"),
        ("VN", "越南", "Viet Nam"), ("LA", "老挝", "Laos"), ("KH", "柬埔寨", "Cambodia"), ("TH", "泰国", "Thailand"),
        ("MM", "缅甸", "Myanmar"), ("MY", "马来西亚", "Malaysia"), ("SG", "新加坡", "Singapore"),
        ("ID", "印度尼西亚", "Indonesia"), ("PH", "菲律宾", "Philippines"), ("IR", "伊朗", "Iran"),
        ("IQ", "伊拉克", "Iraq"), ("SA", "沙特阿拉伯", "Saudi Arabia"), ("AE", "阿联酋", "United Arab Emirates"),
        ("IL", "以色列", "Israel"), ("EG", "埃及", "Egypt"), ("ZA", "南非", "South Africa"), ("NG", "尼日利亚", "Nigeria"),
        ("ET", "埃塞俄比亚", "Ethiopia"), ("KE", "肯尼亚", "Kenya"), ("DZ", "阿尔及利亚", "Algeria"),
    ].map { Entry(code: $0.0, zh: $0.1, en: $0.2) }

    public static func province(_ code: String?) -> Entry? {
        provinces.first { $0.code == code }
    }

    public static func country(_ code: String) -> Entry? {
        countries.first { $0.code == code }
    }

    /// Words that name a place outside the mainland, as people begin a destination with them: each country's and
    /// region's Chinese and English names (without the "中国" of 中国香港), a few capitals, and the words for abroad.
    static let foreignWords: [(word: String, entry: Entry)] = {
        var words: [(String, Entry)] = []
        for entry in countries where entry.code != Destination.home {
            words.append((entry.zh.replacingOccurrences(of: "中国", with: ""), entry))
            words.append((entry.en.lowercased(), entry))
        }
        for (word, code) in [
            ("美利坚", "US"), ("华盛顿", "US"), ("纽约", "US"), ("东京", "JP"), ("首尔", "KR"), ("伦敦", "GB"), ("巴黎", "FR"),
            ("柏林", "DE"), ("莫斯科", "RU"), ("台北", "TW"),
        ] {
            if let entry = country(code) { words.append((word, entry)) }
        }
        let abroad = Entry(code: "", zh: "境外", en: "abroad")
        for word in ["境外", "国外", "海外", "abroad", "overseas"] { words.append((word, abroad)) }
        return words.filter { !$0.0.isEmpty }
    }()

    /// The foreign country, region or word for abroad that `text` begins with ("美国华盛顿", "赴日本东京"), if any. Only
    /// the beginning is read: "华美国际酒店" is in 北京, not in 美国.
    public static func foreignName(in text: String) -> Entry? {
        var lowered = Substring(text.trimmed.lowercased())
        for lead in ["前往", "赴", "去", "到", "往"] where lowered.hasPrefix(lead) {
            lowered = lowered.dropFirst(lead.count)
            break
        }
        return foreignWords.first { lowered.hasPrefix($0.word) }?.entry
    }
}
