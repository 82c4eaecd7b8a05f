package errs

import (
	"errors"
	"fmt"
	"testing"
)

func TestKindsAndMessages(t *testing.T) {
	cause := errors.New("pq: secret internals")
	tests := []struct {
		err  error
		kind Kind
		msg  string
	}{
		{nil, "", "系统内部错误,请稍后再试"},
		{cause, Internal, "系统内部错误,请稍后再试"},
		{Wrap(Internal, cause, "不该显示"), Internal, "系统内部错误,请稍后再试"},
		{Wrap(NotFound, cause, "记录不存在"), NotFound, "记录不存在"},
		{fmt.Errorf("context: %w", E(Conflict, "已被他人修改")), Conflict, "已被他人修改"},
		{Field("name", "请输入姓名"), Invalid, "请输入姓名"},
	}
	for _, tt := range tests {
		if got := KindOf(tt.err); got != tt.kind {
			t.Errorf("KindOf(%v) = %q, want %q", tt.err, got, tt.kind)
		}
		if tt.err != nil {
			if got := Message(tt.err); got != tt.msg {
				t.Errorf("Message(%v) = %q, want %q", tt.err, got, tt.msg)
			}
		}
	}
	if !errors.Is(Wrap(NotFound, cause, "x"), cause) {
		t.Error("Wrap loses the cause")
	}
}

func TestCheck(t *testing.T) {
	var c Check
	if c.Err() != nil {
		t.Fatal("empty check failed")
	}
	c.If(false, "a", "不会出现")
	c.If(true, "name", "请输入姓名")
	c.Add("mobile", "手机号格式不正确")
	err := c.Err()
	fs := FieldsOf(err)
	if !Is(err, Invalid) || len(fs) != 2 || fs[0].Field != "name" || fs[1].Field != "mobile" {
		t.Fatalf("Check.Err() = %v", err)
	}
	if Message(err) != "请输入姓名;手机号格式不正确" {
		t.Errorf("message %q", Message(err))
	}
}
