package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"xieshang/internal/authz"
	"xieshang/internal/demodata"
	"xieshang/internal/importer"
	"xieshang/internal/org"
	"xieshang/internal/roster"
	"xieshang/internal/sqldb"
)

// rosterCmd runs "xieshang roster import FILE.xlsx [--committee X] [--dry-run]".
func rosterCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "sample" {
		return rosterSample(args[1:], stdout)
	}
	if len(args) == 0 || args[0] != "import" {
		return errors.New("用法:xieshang roster import FILE.xlsx [--committee 名称] [--dry-run] | roster sample FILE.xlsx --rows N")
	}
	fs, dsn := flags("roster import")
	committee := fs.String("committee", "", "导入到哪个政协(默认第一个)")
	dry := fs.Bool("dry-run", false, "只检查,不写入")
	file, err := oneArg(fs, args[1:])
	if err != nil {
		return err
	}
	if file == "" {
		return errors.New("请指定要导入的 .xlsx 文件")
	}
	info, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("无法读取 %s: %w", file, err)
	}
	if info.Size() > 20<<20 {
		return fmt.Errorf("文件 %s 超过 20 MB,请拆分后导入", file)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	cid, err := committeeID(ctx, db, *committee)
	if err != nil {
		return err
	}
	bar := newBar(stderr)
	out, err := importer.Run(ctx, db, org.NewService(sqldb.Org(db)), authz.SystemActor(cid), data, *dry, bar.update)
	bar.done()
	if err != nil {
		return err
	}
	if !out.OK() {
		errPath := strings.TrimSuffix(file, ".xlsx") + ".错误.xlsx"
		if werr := os.WriteFile(errPath, out.ErrorSheet, 0o644); werr != nil {
			return werr
		}
		fmt.Fprintf(stdout, "发现 %d 处问题,未写入任何数据。已生成带“错误原因”列的表格:%s\n", len(out.Parsed.Problems), errPath)
		for i, p := range out.Parsed.Problems {
			if i == 10 {
				fmt.Fprintf(stdout, "  ……其余 %d 处见表格\n", len(out.Parsed.Problems)-10)
				break
			}
			fmt.Fprintf(stdout, "  第 %d 行 %s:%s\n", p.Line, p.Field, p.Message)
		}
		return fmt.Errorf("导入失败,错误表格:%s", errPath)
	}
	if *dry {
		fmt.Fprintf(stdout, "检查通过:%d 名委员,未写入(--dry-run)\n", len(out.Parsed.Rows))
		return nil
	}
	fmt.Fprintf(stdout, "导入完成:新增 %d 名,更新 %d 名\n", out.Result.Created, out.Result.Updated)
	return nil
}

// bar draws a progress bar on a terminal and nothing elsewhere.
type bar struct {
	w    io.Writer
	tty  bool
	last string
}

func newBar(w io.Writer) *bar {
	b := &bar{w: w}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			b.tty = true
		}
	}
	return b
}

func (b *bar) update(stage string, done, total int) {
	if !b.tty || total == 0 {
		return
	}
	const width = 30
	n := done * width / total
	line := fmt.Sprintf("\r%s [%s%s] %d/%d", stage, strings.Repeat("█", n), strings.Repeat("·", width-n), done, total)
	if line != b.last {
		fmt.Fprint(b.w, line)
		b.last = line
	}
}

func (b *bar) done() {
	if b.tty && b.last != "" {
		fmt.Fprintln(b.w)
	}
}

// rosterSample writes a fictional roster of the demo committee's kind
// (sectors, parties and special committees of 示范市政协) with n rows, for
// training and for load tests: "xieshang roster sample FILE.xlsx --rows N".
func rosterSample(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("roster sample", flag.ContinueOnError)
	n := fs.Int("rows", 100, "行数")
	seed := fs.Int64("seed", 1, "随机种子(相同种子生成相同名册)")
	file, err := oneArg(fs, args)
	if err != nil {
		return err
	}
	if file == "" || *n < 1 || *n > 100000 {
		return errors.New("用法:xieshang roster sample FILE.xlsx --rows N(1–100000)")
	}
	d := demodata.GenerateDistrict(*seed, demodata.City, *n)
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	rows := func(yield func(roster.Row) bool) {
		for _, m := range d.Members {
			if !yield(roster.Row{Name: m.Name, Gender: m.Gender, Ethnicity: m.Ethnicity, BirthYear: m.BirthYear,
				BirthMonth: m.BirthMonth, BirthDay: m.BirthDay, Party: m.Party, Sector: m.Sector,
				SpecialCommittees: m.SpecialCommittees, EmployerTitle: m.EmployerTitle, Mobile: m.Mobile,
				IDNumber: m.IDNumber, Standing: m.Standing}) {
				return
			}
		}
	}
	if err := roster.Export(f, demodata.City+"委员名册(虚构示例)", rows, false); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已生成 %d 行虚构名册:%s\n", len(d.Members), file)
	return nil
}
