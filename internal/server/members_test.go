package server_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"net/url"
	"strings"
	"testing"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/idcard"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestDirectoryAndProfile(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		s.user("member1", authz.Member)
		off := s.user("office1", authz.Office)
		op := authz.SystemActor(s.cid)
		orgs := org.NewService(sqldb.Org(db))
		sec, err := orgs.AddItem(ctx, op, org.Sectors, "医卫")
		if err != nil {
			t.Fatal(err)
		}
		members := member.NewService(sqldb.Members(db))
		birth := time.Date(1966, 5, 4, 0, 0, 0, 0, time.UTC)
		m, err := members.Create(ctx, op, member.Member{Name: "张宏伟", Gender: member.Male, Party: "民盟", SectorID: sec.ID,
			EmployerTitle: "示范市第一人民医院副院长", Mobile: "13912345678", IDNumber: idcard.Make("649901", birth, true, 7)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := members.Create(ctx, op, member.Member{Name: "李秀兰", Gender: member.Female, SectorID: sec.ID}); err != nil {
			t.Fatal(err)
		}
		mc := s.client()
		s.login(mc, "member1")
		code, _, body := s.do(mc, "GET", "/members?q=zhw", nil, nil)
		if code != 200 || !strings.Contains(body, "张宏伟") || strings.Contains(body, "李秀兰") || !strings.Contains(body, "139****5678") || strings.Contains(body, "13912345678") {
			t.Fatalf("directory search: %d %.2000s", code, body)
		}
		code, _, body = s.do(mc, "GET", "/members/"+itoa(int(m.ID)), nil, nil)
		if code != 200 || !strings.Contains(body, "6499**********") || strings.Contains(body, "显示完整") {
			t.Fatalf("profile as member: %d %.3000s", code, body)
		}
		if code, _, _ := s.do(mc, "POST", "/members/"+itoa(int(m.ID))+"/reveal", url.Values{}, nil); code != 403 {
			t.Errorf("member revealed: %d", code)
		}
		// Office staff must pass TOTP first; give their session the last stage directly.
		oc := s.client()
		s.loginStaff(oc, "office1", off.ID)
		before := s.auditCount("unmask")
		code, _, body = s.do(oc, "POST", "/members/"+itoa(int(m.ID))+"/reveal", url.Values{}, nil)
		if code != 200 || !strings.Contains(body, "13912345678") || !strings.Contains(body, m.IDNumber) {
			t.Fatalf("reveal: %d %.3000s", code, body)
		}
		if s.auditCount("unmask") != before+1 {
			t.Error("reveal not audited")
		}
		if code, _, _ := s.do(mc, "GET", "/members/999999", nil, nil); code != 404 {
			t.Errorf("missing member: %d", code)
		}
		// The directory's cached bodies follow changes and the viewer's role.
		if _, _, body := s.do(oc, "GET", "/members?q=zhw", nil, nil); !strings.Contains(body, "添加委员") {
			t.Errorf("office staff lack the add link: %.2000s", body)
		}
		if _, _, body := s.do(mc, "GET", "/members?q=zhw", nil, nil); strings.Contains(body, "添加委员") || !strings.Contains(body, "张宏伟") {
			t.Errorf("member sees the office's page: %.2000s", body)
		}
		m, _ = members.Get(ctx, op, m.ID, true)
		m.EmployerTitle = "示范市中医院院长"
		if _, err := members.Update(ctx, op, m); err != nil {
			t.Fatal(err)
		}
		if _, _, body := s.do(mc, "GET", "/members?q=zhw", nil, nil); !strings.Contains(body, "示范市中医院院长") {
			t.Errorf("directory stale after an edit: %.3000s", body)
		}
		if err := orgs.RenameItem(ctx, op, org.Sectors, sec.ID, "医药卫生"); err != nil {
			t.Fatal(err)
		}
		if _, _, body := s.do(mc, "GET", "/members?q=zhw", nil, nil); !strings.Contains(body, "医药卫生") {
			t.Errorf("directory stale after a sector rename: %.3000s", body)
		}
	})
}

func TestMemberPhotoPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		s.user("member1", authz.Member)
		off := s.user("office1", authz.Office)
		op := authz.SystemActor(s.cid)
		members := member.NewService(sqldb.Members(db))
		m, err := members.Create(ctx, op, member.Member{Name: "张宏伟", Gender: member.Male})
		if err != nil {
			t.Fatal(err)
		}
		oc := s.client()
		s.loginStaff(oc, "office1", off.ID)
		path := "/members/" + itoa(int(m.ID))
		img := testJPEG(t)
		v := map[string]string{"version": "1"}
		if code, _, body := s.uploadAs(oc, path+"/photo", "photo", "a.txt", []byte("just text"), v); code != 422 || !strings.Contains(body, "照片应为 JPG 或 PNG 格式") {
			t.Fatalf("text as photo: %d %.3000s", code, body)
		}
		if code, _, body := s.uploadAs(oc, path+"/photo", "photo", "big.jpg", make([]byte, 3<<20), v); code != 413 && code != 422 {
			t.Fatalf("oversized photo: %d %.2000s", code, body)
		}
		if code, h, body := s.uploadAs(oc, path+"/photo", "photo", "me.jpg", img, v); code != 303 || h.Get("Location") != path+"?done=photo" {
			t.Fatalf("upload: %d %v %.2000s", code, h, body)
		}
		if code, _, body := s.uploadAs(oc, path+"/photo", "photo", "me.jpg", img, v); code != 409 || !strings.Contains(body, "已被他人修改") {
			t.Fatalf("stale upload: %d %.2000s", code, body)
		}
		code, _, body := s.do(oc, "GET", path, nil, nil)
		if code != 200 || !strings.Contains(body, path+"/photo?v=") || !strings.Contains(body, "修改记录") || !strings.Contains(body, "更换委员照片") {
			t.Fatalf("profile after upload: %d %.4000s", code, body)
		}
		mc := s.client()
		s.login(mc, "member1")
		code, h, got := s.do(mc, "GET", path+"/photo", nil, nil)
		if code != 200 || h.Get("Content-Type") != "image/jpeg" || got != string(img) || !strings.Contains(h.Get("Cache-Control"), "private") {
			t.Fatalf("photo: %d %v", code, h)
		}
		if code, _, _ := s.do(mc, "GET", path+"/photo", nil, map[string]string{"If-None-Match": h.Get("ETag")}); code != 304 {
			t.Errorf("conditional photo: %d", code)
		}
		if code, _, body := s.do(mc, "GET", path, nil, nil); strings.Contains(body, "修改记录") || strings.Contains(body, "上传照片") {
			t.Errorf("member sees office tools: %d", code)
		}
		if code, _, _ := s.uploadAs(mc, path+"/photo", "photo", "me.jpg", img, map[string]string{"version": "2"}); code != 403 {
			t.Errorf("member uploaded: %d", code)
		}
		if code, _, _ := s.do(s.client(), "GET", path+"/photo", nil, nil); code != 303 && code != 401 {
			t.Errorf("anonymous photo: %d", code)
		}
		if code, _, _ := s.uploadAs(oc, path+"/photo", "photo", "", nil, map[string]string{"version": "2", "remove": "1"}); code != 303 {
			t.Errorf("remove: %d", code)
		}
		if code, _, _ := s.do(mc, "GET", path+"/photo", nil, nil); code != 404 {
			t.Errorf("removed photo: %d", code)
		}
	})
}

func testJPEG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 240, 320))
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
