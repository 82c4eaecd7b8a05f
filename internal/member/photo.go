package member

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	_ "image/jpeg" // decoders for CheckPhoto
	_ "image/png"
	"net/http"
	"strconv"
	"time"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

// Photo is a member's optional photo.
type Photo struct {
	ContentType string // image/jpeg or image/png
	Data        []byte
	Tag         string // first 16 hex digits of the SHA-256 of Data
	UpdatedAt   time.Time
}

// Photo limits: a phone picture fits, a scan of a poster does not.
const (
	MaxPhotoBytes = 2 << 20
	maxPhotoSide  = 6000
	minPhotoSide  = 60
)

// CheckPhoto returns data as a Photo if it is a JPEG or PNG image within
// the limits, judged by its content (not its file name), or an Invalid
// error naming the field "photo".
func CheckPhoto(data []byte) (Photo, error) {
	if len(data) == 0 {
		return Photo{}, errs.Field("photo", "请选择照片文件")
	}
	if len(data) > MaxPhotoBytes {
		return Photo{}, errs.Field("photo", "照片不能超过 2 MB,请压缩后再上传")
	}
	ct := http.DetectContentType(data)
	if ct != "image/jpeg" && ct != "image/png" {
		return Photo{}, errs.Field("photo", "照片应为 JPG 或 PNG 格式")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Photo{}, errs.Field("photo", "照片文件已损坏,无法识别")
	}
	if cfg.Width > maxPhotoSide || cfg.Height > maxPhotoSide {
		return Photo{}, errs.Field("photo", "照片尺寸过大(最大 "+strconv.Itoa(maxPhotoSide)+" 像素),请缩小后再上传")
	}
	if cfg.Width < minPhotoSide || cfg.Height < minPhotoSide {
		return Photo{}, errs.Field("photo", "照片太小(至少 "+strconv.Itoa(minPhotoSide)+" 像素),请换一张清晰的照片")
	}
	sum := sha256.Sum256(data)
	return Photo{ContentType: ct, Data: data, Tag: hex.EncodeToString(sum[:8])}, nil
}

// SetPhoto replaces member id's photo with data (office staff), or removes
// it when data is nil, if the member is still at version; audited.
func (s *Service) SetPhoto(ctx context.Context, by authz.Actor, id int64, version int, data []byte) error {
	var p Photo
	if data != nil {
		var err error
		if p, err = CheckPhoto(data); err != nil {
			return err
		}
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		m, err := editable(ctx, tx, by, id)
		if err != nil {
			return err
		}
		if m.Version != version {
			return errs.E(errs.Conflict, "该委员的信息已被他人修改,请刷新后重试")
		}
		if err := tx.SetMemberPhoto(ctx, id, version, p); err != nil {
			return err
		}
		action := "member.photo"
		if data == nil {
			action = "member.photo_remove"
		}
		return tx.Audit(ctx, entry(by, action, id, map[string]audit.Change{"photo": {Old: m.PhotoTag, New: p.Tag}}))
	})
}

// Photo returns member id's photo to those who may see the member.
func (s *Service) Photo(ctx context.Context, by authz.Actor, id int64) (Photo, error) {
	var p Photo
	err := s.store.View(ctx, func(tx Tx) error {
		if _, err := memberIn(ctx, tx, by, id); err != nil {
			return err
		}
		var err error
		p, err = tx.MemberPhoto(ctx, id)
		return err
	})
	return p, err
}

// History returns the audit entries about member id, newest first, to
// office staff of its committee: who changed what and when.
func (s *Service) History(ctx context.Context, by authz.Actor, id int64, limit int) ([]audit.Stored, error) {
	var out []audit.Stored
	err := s.store.View(ctx, func(tx Tx) error {
		if _, err := editable(ctx, tx, by, id); err != nil {
			return err
		}
		var err error
		out, err = tx.AuditEntries(ctx, audit.Filter{CommitteeID: by.CommitteeID, ObjectType: "member",
			ObjectID: strconv.FormatInt(id, 10), Limit: limit}.Normalize())
		return err
	})
	return out, err
}
