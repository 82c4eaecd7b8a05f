package member_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"xieshang/internal/errs"
	"xieshang/internal/member"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func picture(t testing.TB, kind string, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{200, 30, 40, 255})
	}
	var b bytes.Buffer
	var err error
	if kind == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCheckPhoto(t *testing.T) {
	good := picture(t, "jpeg", 300, 400)
	tests := []struct {
		name string
		data []byte
		ct   string // "" when refused
		msg  string
	}{
		{"jpeg", good, "image/jpeg", ""},
		{"png", picture(t, "png", 120, 160), "image/png", ""},
		{"empty", nil, "", "请选择"},
		{"text", []byte("这不是图片,只是一段文字。"), "", "JPG 或 PNG"},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "", "JPG 或 PNG"},
		{"truncated", good[:40], "", "损坏"},
		{"tiny", picture(t, "png", 20, 20), "", "太小"},
		{"too large", append(append([]byte{}, good...), make([]byte, member.MaxPhotoBytes)...), "", "2 MB"},
	}
	for _, tt := range tests {
		p, err := member.CheckPhoto(tt.data)
		if tt.ct != "" {
			if err != nil || p.ContentType != tt.ct || len(p.Tag) != 16 {
				t.Errorf("%s: %+v %v", tt.name, p.ContentType, err)
			}
			continue
		}
		if fs := errs.FieldsOf(err); len(fs) != 1 || fs[0].Field != "photo" || !strings.Contains(fs[0].Message, tt.msg) {
			t.Errorf("%s: %v, want a photo error with %q", tt.name, err, tt.msg)
		}
	}
}

func TestPhotoAndHistory(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		m, err := f.svc.Create(ctx, f.office, f.sample("张宏伟", true))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Photo(ctx, f.plain, m.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("photo before upload: %v", err)
		}
		img := picture(t, "jpeg", 300, 400)
		if err := f.svc.SetPhoto(ctx, f.plain, m.ID, m.Version, img); !errs.Is(err, errs.Forbidden) {
			t.Errorf("member set a photo: %v", err)
		}
		if err := f.svc.SetPhoto(ctx, f.office, m.ID, m.Version, []byte("not a picture")); !errs.Is(err, errs.Invalid) {
			t.Errorf("bad photo: %v", err)
		}
		if err := f.svc.SetPhoto(ctx, f.office, m.ID, m.Version, img); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetPhoto(ctx, f.office, m.ID, m.Version, img); !errs.Is(err, errs.Conflict) {
			t.Errorf("stale version: %v", err)
		}
		got, err := f.svc.Photo(ctx, f.plain, m.ID)
		if err != nil || !bytes.Equal(got.Data, img) || got.ContentType != "image/jpeg" {
			t.Fatalf("photo: %v %s", err, got.ContentType)
		}
		m2, _ := f.svc.Get(ctx, f.office, m.ID, true)
		if m2.PhotoTag != got.Tag || m2.Version != m.Version+1 {
			t.Errorf("member after photo: tag %q version %d", m2.PhotoTag, m2.Version)
		}
		if err := f.svc.SetPhoto(ctx, f.office, m.ID, m2.Version, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Photo(ctx, f.office, m.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("photo after removal: %v", err)
		}
		m2.EmployerTitle = "示范市中医院院长"
		m2.Version += 1
		if _, err := f.svc.Update(ctx, f.office, m2); err != nil {
			t.Fatal(err)
		}
		h, err := f.svc.History(ctx, f.office, m.ID, 50)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range h {
			actions = append(actions, e.Action)
		}
		if strings.Join(actions, ",") != "member.update,member.photo_remove,unmask,member.photo,member.create" {
			t.Errorf("history: %v", actions)
		}
		if !strings.Contains(h[0].ChangesJSON, "示范市中医院院长") {
			t.Errorf("update entry: %s", h[0].ChangesJSON)
		}
		if _, err := f.svc.History(ctx, f.plain, m.ID, 50); !errs.Is(err, errs.Forbidden) {
			t.Errorf("member read the history: %v", err)
		}
	})
}
