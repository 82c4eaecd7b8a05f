// Package idcard validates and, for demo data, makes resident identity card
// numbers (公民身份号码) of GB 11643-1999: six digits of region, eight of
// birth date, three of sequence (odd for men, even for women) and a check
// character computed by ISO 7064 MOD 11-2.
package idcard

import (
	"fmt"
	"strings"
	"time"

	"xieshang/internal/errs"
)

var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const checkChars = "10X98765432"

// CheckChar returns the check character for the first 17 digits.
func CheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("need 17 digits, got %d", len(first17))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("character %d is not a digit", i+1)
		}
		sum += int(c-'0') * weights[i]
	}
	return checkChars[sum%11], nil
}

// Info is what an identity number says about its holder.
type Info struct {
	Region string    // first six digits
	Birth  time.Time // date of birth, UTC midnight
	Male   bool
}

// Parse validates an 18-character identity number (a lower-case x is
// accepted as X) and returns what it encodes. field names the form field
// in the Invalid error.
func Parse(field, s string) (Info, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 18 {
		return Info{}, errs.Field(field, "身份证号应为 18 位")
	}
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return Info{}, errs.Field(field, "身份证号前 17 位应为数字")
		}
	}
	want, _ := CheckChar(s[:17])
	if s[17] != want {
		return Info{}, errs.Field(field, "身份证号校验位不正确,请核对是否抄错")
	}
	birth, err := time.Parse("20060102", s[6:14])
	if err != nil || birth.Year() < 1900 {
		return Info{}, errs.Field(field, "身份证号中的出生日期无效")
	}
	if s[0] == '0' || s[0] == '9' {
		return Info{}, errs.Field(field, "身份证号的地区码无效")
	}
	return Info{Region: s[:6], Birth: birth, Male: (s[16]-'0')%2 == 1}, nil
}

// Make returns a valid identity number for region (six digits), birth and
// sex with sequence seq (0–499; the sex digit is derived from it). It is
// for fictional demo and test data only.
func Make(region string, birth time.Time, male bool, seq int) string {
	n := (seq % 500) * 2
	if male {
		n++
	}
	first17 := fmt.Sprintf("%s%s%03d", region, birth.Format("20060102"), n)
	c, err := CheckChar(first17)
	if err != nil {
		panic("idcard.Make: " + err.Error())
	}
	return first17 + string(c)
}

// Mask shows the first four and last four characters: 6401**********1234.
func Mask(s string) string {
	if len(s) != 18 {
		if len(s) <= 4 {
			return strings.Repeat("*", len(s))
		}
		return strings.Repeat("*", len(s)-4) + s[len(s)-4:]
	}
	return s[:4] + "**********" + s[14:]
}
