package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"xieshang/internal/errs"
	"xieshang/internal/member"
)

// MaxPhotoUploadBytes bounds a photo upload's request body: the photo and
// the form around it.
const MaxPhotoUploadBytes = member.MaxPhotoBytes + 64<<10

// memberPhoto serves a member's photo to those who may see the member. The
// tag in the URL changes with the photo, so browsers may keep it; the
// response is private since the photo is personal data.
func (s *Server) memberPhoto(w http.ResponseWriter, r *http.Request) {
	p, err := s.members.Photo(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	etag := `"` + p.Tag + `"`
	h := w.Header()
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", p.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(p.Data)))
	w.Write(p.Data)
}

// uploadPhoto replaces a member's photo (office staff) from the multipart
// field "photo"; "remove" set removes it instead.
func (s *Server) uploadPhoto(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	var data []byte
	err := r.ParseMultipartForm(MaxPhotoUploadBytes)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	switch {
	case err != nil:
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			err = errs.Field("photo", "照片不能超过 2 MB,请压缩后再上传")
		} else {
			err = errs.Field("photo", "请选择照片文件")
		}
	case r.PostFormValue("remove") != "":
	default:
		f, _, ferr := r.FormFile("photo")
		if ferr != nil {
			err = errs.Field("photo", "请选择照片文件")
			break
		}
		defer f.Close()
		data, err = io.ReadAll(io.LimitReader(f, member.MaxPhotoBytes+1))
		if err == nil && data == nil {
			data = []byte{}
		}
	}
	if err == nil {
		err = s.members.SetPhoto(r.Context(), actor(r), id, version, data)
	}
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		s.profilePage(w, r, profileOpts{id: id, formErr: err})
		return
	}
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	http.Redirect(w, r, memberURL(id)+"?done=photo", http.StatusSeeOther)
}
