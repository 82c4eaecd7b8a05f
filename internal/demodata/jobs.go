package demodata

import "strings"

// domain is a field of work; each has fictional employers and titles.
type domain int

const (
	govt domain = iota
	health
	school
	university
	business
	finance
	law
	culture
	media
	science
	farming
	religion
	sport
	welfare
	union
	women
	youth
	trade
	invited
)

// jobs lists, per domain, entries "employer|title,title,…". In employers {p}
// is the committee's place (示范市, 东城区), {c} the city (示范市) and {d} a
// district of the place (a district itself, or one of the city's). {firm}
// is an invented company and {b} an invented trade name.
var jobs = map[domain][]string{
	govt: {
		"{p}发展和改革委员会|副主任,总经济师", "{p}委办公室|副主任", "{p}人民政府办公室|副主任", "{p}委统战部|副部长",
		"{p}财政局|副局长,总会计师", "{p}教育局|局长,副局长", "{p}民政局|副局长", "{p}生态环境局|副局长",
		"{p}住房和城乡建设局|副局长,总工程师", "{p}农业农村局|副局长", "{p}卫生健康委员会|副主任", "{p}民族宗教事务委员会|主任,副主任",
		"{p}统计局|局长", "{p}文化旅游广电局|副局长", "{p}科学技术局|副局长", "{p}司法局|副局长", "{p}审计局|副局长",
		"{p}委党校|常务副校长,教授",
	},
	health: {
		"{p}第一人民医院|院长,副院长,主任医师,心血管内科主任,护理部主任,党委书记", "{p}第二人民医院|院长,副院长,主任医师,骨科主任",
		"{p}中医医院|院长,副院长,主任医师,针灸科主任", "{p}妇幼保健院|院长,副院长,主任医师", "{p}疾病预防控制中心|主任,副主任,主任医师",
		"{c}中心血站|站长", "{d}{street}街道社区卫生服务中心|主任", "{c}口腔医院|院长,主任医师",
	},
	school: {
		"{p}第一中学|校长,副校长,高级教师,党委书记", "{p}实验中学|校长,副校长,高级教师", "{p}第三中学|校长,副校长,高级教师",
		"{p}实验小学|校长,副校长,高级教师", "{p}第二小学|校长,高级教师", "{p}特殊教育学校|校长", "{p}职业技术学校|校长,副校长",
		"{p}第一幼儿园|园长",
	},
	university: {
		"示范学院|教授,副教授,副院长,经济管理学院院长,文学院教授,化学化工学院教授,医学院副院长",
		"示范职业技术学院|院长,副院长,教授,副教授", "示范医学高等专科学校|校长,教授",
	},
	business: {
		"{firm}|董事长,总经理,董事长兼总经理,副总经理,总工程师,执行董事", "{firm}|董事长,总经理",
	},
	finance: {
		"{c}农村商业银行|行长,副行长", "示范银行{c}分行|行长,副行长", "{c}融资担保有限公司|总经理", "{c}{b}会计师事务所|所长,注册会计师",
	},
	law: {
		"{c}{b}律师事务所|主任,合伙人,律师", "{c}{b}律师事务所|主任,律师", "{c}公证处|主任,公证员", "{c}法律援助中心|主任",
	},
	culture: {
		"{p}文化馆|馆长,副馆长", "{c}艺术剧院|院长,国家一级演员,国家二级演员", "{c}书法家协会|主席,副主席", "{c}美术家协会|主席,副主席",
		"{c}作家协会|主席,副主席", "{c}博物馆|馆长,研究馆员", "{p}图书馆|馆长", "{c}秦腔剧团|团长,国家一级演员", "{c}文学艺术界联合会|副主席",
	},
	media: {
		"示范日报社|总编辑,副总编辑,主任记者", "{c}广播电视台|台长,副台长,主持人,主任记者", "{p}融媒体中心|主任,副主任,主任记者",
	},
	science: {
		"{c}农林科学院|院长,研究员,副研究员", "{c}科学技术协会|副主席", "示范学院|教授,副教授", "{c}气象局|高级工程师",
		"{c}环境监测站|站长,高级工程师", "{c}水利科学研究所|所长,高级工程师", "{c}{b}科技有限公司|总工程师,首席科学家",
	},
	farming: {
		"{d}{town}{village}|党支部书记,村委会主任,党支部书记兼村委会主任", "{c}{b}种植专业合作社|理事长",
		"{p}农业技术推广服务中心|主任,推广研究员", "{d}{town}{b}家庭农场|场主", "{c}{b}牧业有限公司|董事长",
	},
	sport: {
		"{c}体育运动学校|校长,教练员", "{c}体育总会|副主席", "{c}足球协会|秘书长", "{c}全民健身中心|主任", "{p}第一中学|体育教师",
	},
	welfare: {
		"{c}残疾人联合会|副理事长", "{c}社会福利院|院长", "{c}慈善总会|秘书长,副会长", "{c}红十字会|副会长", "{d}{street}社区|党委书记,居委会主任",
		"{c}{b}养老服务中心|主任", "{c}老年大学|校长",
	},
	union: {
		"{c}总工会|副主席,经费审查委员会主任", "{firm}|工会主席,高级技师,首席技师", "{c}供电公司|高级技师,工会主席",
	},
	women: {
		"{c}妇女联合会|主席,副主席", "{c}女企业家协会|会长,副会长", "{d}{street}社区|党委书记", "{c}妇女儿童活动中心|主任",
	},
	youth: {
		"共青团{p}委|书记,副书记", "{c}青年企业家协会|会长,副会长", "{c}青年联合会|副主席", "{firm}|总经理", "示范学院|团委书记",
	},
	trade: {
		"{c}工商业联合会|副主席,副会长", "{c}{b}商会|会长,常务副会长",
	},
	invited: {
		"{c}人民政府|参事", "{c}文史研究馆|馆员", "{c}人民政府发展研究中心|主任,研究员",
	},
}

// religionJobs are for the religion sector: Muslim posts for Hui members,
// the others for the rest.
var (
	islamJobs  = []string{"{c}伊斯兰教协会|会长,副会长,秘书长", "{d}北关清真寺|教长,寺管会主任", "{d}东关清真寺|教长,寺管会主任"}
	otherFaith = []string{"{c}佛教协会|会长,副会长", "{c}慈云寺|住持", "{c}基督教三自爱国运动委员会|主席", "{c}天主教爱国会|副主任"}
)

var (
	brands   = []string{"鑫源", "恒达", "嘉禾", "丰泽", "宏远", "安泰", "兴农", "金穗", "绿源", "启明", "博远", "正和", "永信", "天合", "润丰", "瑞泽", "宏图", "诚信", "凯达", "塞上", "明德", "厚朴", "德润", "长盛"}
	trades   = []string{"科技", "农业开发", "建设工程", "商贸", "新能源", "食品", "物流", "医药", "葡萄酒业", "枸杞产业", "清真食品", "建材", "房地产开发", "电子商务", "文化传媒", "乳业", "牧业", "环保科技"}
	forms    = []string{"有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"}
	streets  = []string{"幸福里", "和平路", "文化街", "光明", "新华", "建设路", "朝阳", "长城路", "解放街", "民族街"}
	towns    = []string{"红星镇", "丰收镇", "团结镇", "新华乡", "东风乡", "金沙镇", "临河镇", "望远镇"}
	villages = []string{"新建村", "幸福村", "胜利村", "和平村", "光明村", "前进村", "红旗村", "永丰村", "五星村", "联合村"}
)

// job returns the employer and title of one entry of a jobs list, with its
// placeholders filled in.
func (g *gen) job(entries []string) string {
	employer, titles, _ := strings.Cut(pick(g.rng, entries), "|")
	title := pick(g.rng, strings.Split(titles, ","))
	employer = strings.ReplaceAll(employer, "{firm}", "{c}{b}{trade}{form}")
	employer = strings.NewReplacer(
		"{p}", g.place.full,
		"{c}", "示范市",
		"{d}", g.district(),
		"{b}", pick(g.rng, brands),
		"{trade}", pick(g.rng, trades),
		"{form}", pick(g.rng, forms),
		"{street}", pick(g.rng, streets),
		"{town}", pick(g.rng, towns),
		"{village}", pick(g.rng, villages),
	).Replace(employer)
	return employer + title
}
