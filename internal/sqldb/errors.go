package sqldb

import (
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"xieshang/internal/errs"
)

// SQLite extended result codes (sqlite3.h).
const (
	sqliteBusy             = 5
	sqliteConstraintPK     = 1555
	sqliteConstraintUnique = 2067
	sqliteConstraintFK     = 787
)

// mapErr turns engine errors into shared kinds: no rows → NotFound, unique
// violation → Conflict, foreign key → Invalid, busy/serialization →
// Conflict. Other errors stay as they are (Internal to callers).
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return errs.Wrap(errs.NotFound, err, "记录不存在")
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqliteConstraintUnique, sqliteConstraintPK:
			return errs.Wrap(errs.Conflict, err, "记录已存在")
		case sqliteConstraintFK:
			return errs.Wrap(errs.Invalid, err, "引用的记录不存在")
		case sqliteBusy:
			return errs.Wrap(errs.Conflict, err, "系统繁忙,请稍后重试")
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return errs.Wrap(errs.Conflict, err, "记录已存在")
		case "23503":
			return errs.Wrap(errs.Invalid, err, "引用的记录不存在")
		case "40001", "40P01", "55P03":
			return errs.Wrap(errs.Conflict, err, "数据正被他人修改,请刷新后重试")
		}
	}
	return err
}
