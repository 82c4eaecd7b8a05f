package demodata

// sectorSpec describes a 界别 and the people in it.
type sectorSpec struct {
	name      string
	weight    int      // share of the members, out of about 390 for a city
	party     string   // the party of all its members; "" for a mixed sector
	jobs      []domain // where its members work
	committee string   // the special committee most of its members join
	district  bool     // district committees have this sector too
}

// sectorSpecs are the sectors of a city committee, in the order of the
// official roster.
var sectorSpecs = []sectorSpec{
	{"中共", 28, "中共", []domain{govt, govt, govt, school, health}, "", true},
	{"民革", 12, "民革", []domain{law, business, culture, govt}, "港澳台侨和外事委员会", false},
	{"民盟", 16, "民盟", []domain{university, school, culture}, "文化文史和学习委员会", true},
	{"民建", 16, "民建", []domain{business, business, finance}, "经济委员会", true},
	{"民进", 14, "民进", []domain{school, school, culture, media}, "教科卫体委员会", true},
	{"农工党", 12, "农工党", []domain{health, health, university}, "教科卫体委员会", true},
	{"九三学社", 12, "九三学社", []domain{science, university, health}, "人口资源环境委员会", true},
	{"无党派", 16, "无党派", []domain{university, health, law, business}, "提案委员会", true},
	{"共青团", 8, "", []domain{youth, youth, business, school}, "", true},
	{"工会", 14, "", []domain{union, union, business}, "", true},
	{"妇联", 12, "", []domain{women, women, business, health}, "", true},
	{"工商联", 20, "", []domain{trade, business, business, business}, "经济委员会", true},
	{"科协", 12, "", []domain{science, science, university}, "人口资源环境委员会", true},
	{"文艺", 16, "", []domain{culture, culture, media}, "文化文史和学习委员会", true},
	{"科技", 14, "", []domain{science, university, business}, "人口资源环境委员会", false},
	{"经济", 24, "", []domain{business, finance, govt}, "经济委员会", true},
	{"农业", 18, "", []domain{farming, farming, govt, science}, "农业和农村委员会", true},
	{"教育", 20, "", []domain{school, school, university}, "教科卫体委员会", true},
	{"体育", 8, "", []domain{sport}, "教科卫体委员会", false},
	{"新闻", 10, "", []domain{media}, "文化文史和学习委员会", false},
	{"医卫", 20, "", []domain{health}, "教科卫体委员会", true},
	{"社会福利和社会保障", 14, "", []domain{welfare, welfare, govt}, "社会法制和民族宗教委员会", true},
	{"少数民族", 14, "", []domain{govt, school, health, business}, "社会法制和民族宗教委员会", true},
	{"宗教", 10, "", []domain{religion}, "社会法制和民族宗教委员会", true},
	{"特邀", 30, "", []domain{invited, govt, law, university}, "提案委员会", true},
}

// Sector names with special rules for their members.
const (
	sectorYouth    = "共青团"
	sectorWomen    = "妇联"
	sectorMinority = "少数民族"
	sectorReligion = "宗教"
)

// cityParties and districtParties are the parties present, in official
// order. 台盟 has no organisation in the demo city.
var (
	cityParties     = []string{"中共", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "无党派"}
	districtParties = []string{"中共", "民盟", "民建", "民进", "农工党", "九三学社", "无党派"}
)

// mixedParties weighs the parties of members of sectors that are not
// parties, so that overall about 40% are 中共 and 20% 无党派.
var mixedParties = []struct {
	name   string
	weight int
}{
	{"中共", 48}, {"无党派", 24}, {"民革", 4}, {"民盟", 5}, {"民建", 5}, {"民进", 4}, {"农工党", 4}, {"致公党", 2}, {"九三学社", 4},
}

// partyOrgs names the local organisation of each democratic party; %s is
// the place (示范市, 东城区).
var partyOrgs = map[string]string{
	"民革":   "民革%s委会",
	"民盟":   "民盟%s委会",
	"民建":   "民建%s委会",
	"民进":   "民进%s委会",
	"农工党":  "农工党%s委会",
	"致公党":  "致公党%s支部",
	"九三学社": "九三学社%s委会",
}

// groupOrgs are the people's organisations taking part in a committee;
// {p} is the place.
var groupOrgs = []string{"{p}总工会", "共青团{p}委", "{p}妇女联合会", "{p}青年联合会", "{p}工商业联合会", "{p}科学技术协会", "{p}归国华侨联合会"}

var (
	citySpecialCommittees = []string{
		"提案委员会", "经济委员会", "农业和农村委员会", "人口资源环境委员会", "教科卫体委员会",
		"社会法制和民族宗教委员会", "港澳台侨和外事委员会", "文化文史和学习委员会",
	}
	districtSpecialCommittees = []string{
		"提案委员会", "经济委员会", "教科卫体委员会", "社会法制和民族宗教委员会", "文化文史和学习委员会",
	}
)

// cityUnits are the city's handling units (承办单位).
var cityUnits = []Unit{
	{"市人民政府办公室", KindGovernment},
	{"市发展和改革委员会", KindGovernment},
	{"市教育局", KindGovernment},
	{"市科学技术局", KindGovernment},
	{"市工业和信息化局", KindGovernment},
	{"市公安局", KindGovernment},
	{"市民政局", KindGovernment},
	{"市司法局", KindGovernment},
	{"市财政局", KindGovernment},
	{"市人力资源和社会保障局", KindGovernment},
	{"市自然资源局", KindGovernment},
	{"市生态环境局", KindGovernment},
	{"市住房和城乡建设局", KindGovernment},
	{"市交通运输局", KindGovernment},
	{"市水务局", KindGovernment},
	{"市农业农村局", KindGovernment},
	{"市商务局", KindGovernment},
	{"市文化旅游广电局", KindGovernment},
	{"市卫生健康委员会", KindGovernment},
	{"市退役军人事务局", KindGovernment},
	{"市应急管理局", KindGovernment},
	{"市审计局", KindGovernment},
	{"市市场监督管理局", KindGovernment},
	{"市体育局", KindGovernment},
	{"市统计局", KindGovernment},
	{"市医疗保障局", KindGovernment},
	{"市城市管理局", KindGovernment},
	{"市林业和草原局", KindGovernment},
	{"市民族宗教事务委员会", KindGovernment},
	{"市信访局", KindGovernment},
	{"市税务局", KindGovernment},
	{"市气象局", KindGovernment},
	{"市人大常委会办公室", KindNPC},
	{"市中级人民法院", KindCourt},
	{"市人民检察院", KindProcuratorate},
	{"市委组织部", KindParty},
	{"市委宣传部", KindParty},
	{"市委统战部", KindParty},
	{"市委政法委员会", KindParty},
	{"市供电公司", KindEnterprise},
	{"市水务集团有限公司", KindEnterprise},
	{"市公共交通有限公司", KindEnterprise},
}

// districtUnits are a district's handling units; {p} is the district.
var districtUnits = []Unit{
	{"{p}人民政府办公室", KindGovernment},
	{"{p}发展和改革局", KindGovernment},
	{"{p}教育局", KindGovernment},
	{"{p}公安局", KindGovernment},
	{"{p}民政局", KindGovernment},
	{"{p}财政局", KindGovernment},
	{"{p}人力资源和社会保障局", KindGovernment},
	{"{p}住房和城乡建设局", KindGovernment},
	{"{p}农业农村局", KindGovernment},
	{"{p}卫生健康局", KindGovernment},
	{"{p}文化旅游体育局", KindGovernment},
	{"{p}应急管理局", KindGovernment},
	{"{p}市场监督管理局", KindGovernment},
	{"{p}生态环境局", KindGovernment},
	{"{p}城市管理局", KindGovernment},
	{"{p}人大常委会办公室", KindNPC},
	{"{p}人民法院", KindCourt},
	{"{p}人民检察院", KindProcuratorate},
	{"{p}委组织部", KindParty},
	{"{p}委宣传部", KindParty},
	{"{p}委统战部", KindParty},
}
