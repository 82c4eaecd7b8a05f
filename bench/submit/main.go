// Command submit measures submissions per second for bench/proposals.sh:
//
//	go run ./bench/submit http URL COOKIE   # POST /proposals/new (then=submit, 平时提案) with a member's session
//	go run ./bench/submit raw DSN           # one-row transactions into a scratch table, the engine's baseline
//	go run ./bench/submit http-raw DSN      # the same one-row transactions, each behind a bare HTTP POST
//	go run ./bench/submit page-ceiling DSN FILE ADDR # serve FILE at ADDR after a one-row lookup per request, until killed
//	go run ./bench/submit http-raw-serve DSN ADDR    # serve http-raw's handler at ADDR until killed (for wrk)
//
// http-raw is the ceiling of any handler on this machine: an HTTP server in
// this process whose only work per POST is to parse the form and run the
// one-row transaction, loaded by the same client as "http".
//
// All run -workers concurrent loops for -d and print "N/s p99" (requests
// or transactions per second, 99th percentile latency) on stdout.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"xieshang/internal/sqldb"
)

func main() {
	workers := flag.Int("workers", 32, "concurrent workers")
	dur := flag.Duration("d", 15*time.Second, "duration")
	flag.Parse()
	args := flag.Args()
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: submit [-workers N] [-d 15s] http URL COOKIE | raw DSN | http-raw DSN")
		os.Exit(2)
	}
	var op func(w, i int) error
	switch args[0] {
	case "http":
		if len(args) != 3 {
			fmt.Fprintln(os.Stderr, "usage: submit http URL COOKIE")
			os.Exit(2)
		}
		op = httpSubmit(args[1], args[2], *workers)
	case "raw":
		var done func()
		op, done = rawInsert(args[1])
		defer done()
	case "page-ceiling":
		if len(args) != 4 {
			fmt.Fprintln(os.Stderr, "usage: submit page-ceiling DSN FILE ADDR")
			os.Exit(2)
		}
		pageCeiling(args[1], args[2], args[3])
		return
	case "http-raw":
		var done func()
		op, done = httpRaw(args[1], *workers)
		defer done()
	case "http-raw-serve":
		if len(args) != 3 {
			fmt.Fprintln(os.Stderr, "usage: submit http-raw-serve DSN ADDR")
			os.Exit(2)
		}
		handler, done := rawHandler(args[1])
		defer done()
		fmt.Fprintln(os.Stderr, http.ListenAndServe(args[2], handler))
		return
	default:
		fmt.Fprintln(os.Stderr, "mode must be http, raw or http-raw")
		os.Exit(2)
	}
	n, p99, errs := run(*workers, *dur, op)
	if errs > 0 {
		fmt.Fprintf(os.Stderr, "submit: %d errors\n", errs)
	}
	fmt.Printf("%.1f %.1fms\n", float64(n)/dur.Seconds(), float64(p99.Microseconds())/1000)
}

// run calls op from workers goroutines for d and returns the number of
// successful calls, their 99th percentile latency and the errors.
func run(workers int, d time.Duration, op func(w, i int) error) (int, time.Duration, int64) {
	var wg sync.WaitGroup
	var errs atomic.Int64
	lat := make([][]time.Duration, workers)
	end := time.Now().Add(d)
	for w := range workers {
		wg.Go(func() {
			for i := 0; time.Now().Before(end); i++ {
				t := time.Now()
				if err := op(w, i); err != nil {
					if errs.Add(1) <= 3 {
						fmt.Fprintln(os.Stderr, "submit:", err)
					}
					continue
				}
				lat[w] = append(lat[w], time.Since(t))
			}
		})
	}
	wg.Wait()
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) == 0 {
		return 0, 0, errs.Load()
	}
	return len(all), all[len(all)*99/100], errs.Load()
}

// httpSubmit posts the drafting form with then=submit: the handler creates
// the draft and submits it, two transactions with their audit entries and
// notifications, and answers 303.
func httpSubmit(base, cookie string, workers int) func(w, i int) error {
	client := &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
		Timeout: 30 * time.Second,
	}
	return func(w, i int) error {
		f := url.Values{
			"title":      {"关于压测第" + strconv.Itoa(w) + "-" + strconv.Itoa(i) + "号社区养老服务的建议"},
			"category":   {"社会"},
			"kind":       {"individual"},
			"timing":     {"regular"},
			"situation":  {"我市社区居家养老服务供给不足,助餐、助浴等服务覆盖面不广,老年人获得感不强。"},
			"analysis":   {"统筹不够,投入不足,专业人才短缺。"},
			"suggestion": {"一是加强统筹规划;二是加大财政投入;三是培养专业护理人才。"},
			"one_matter": {"1"},
			"version":    {"0"},
			"then":       {"submit"},
		}
		req, err := http.NewRequest("POST", base+"/proposals/new", strings.NewReader(f.Encode()))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", cookie)
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "done=submit") {
			return fmt.Errorf("status %d, location %q", res.StatusCode, res.Header.Get("Location"))
		}
		return nil
	}
}

// rawInsert inserts one row per transaction into a scratch table through
// the same pools (and, on SQLite, the same single writer and pragmas) the
// service uses.
func rawInsert(dsn string) (func(w, i int) error, func()) {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ddl := "CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, worker INTEGER NOT NULL, title TEXT NOT NULL, at TEXT NOT NULL)"
	if db.Dialect == sqldb.Postgres {
		ddl = "CREATE TABLE bench_raw (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, worker INTEGER NOT NULL, title TEXT NOT NULL, at TEXT NOT NULL)"
	}
	for _, q := range []string{"DROP TABLE IF EXISTS bench_raw", ddl} {
		if _, err := db.W.ExecContext(ctx, q); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	q := "INSERT INTO bench_raw (worker, title, at) VALUES (?, ?, ?)"
	if db.Dialect == sqldb.Postgres {
		q = "INSERT INTO bench_raw (worker, title, at) VALUES ($1, $2, $3)"
	}
	op := func(w, i int) error {
		tx, err := db.W.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q, w, "关于压测第"+strconv.Itoa(i)+"号的建议", time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	}
	return op, func() {
		db.W.ExecContext(ctx, "DROP TABLE IF EXISTS bench_raw")
		db.Close()
	}
}

// httpRaw serves POST /raw on a loopback port, each request parsing its
// form and running rawInsert's one-row transaction (answering 303 like the
// drafting form), and returns a client loop posting the drafting form's
// fields to it.
func httpRaw(dsn string, workers int) (func(w, i int) error, func()) {
	handler, done := rawHandler(dsn)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: handler}
	go srv.Serve(ln)
	post := httpSubmit("http://"+ln.Addr().String(), "xs_session=none", workers)
	op := func(w, i int) error { return post(w, i) }
	return op, func() {
		srv.Close()
		done()
	}
}

// rawHandler answers each POST by parsing its form and running
// rawInsert's one-row transaction, with a 303 like the drafting form's.
func rawHandler(dsn string) (http.Handler, func()) {
	insert, done := rawInsert(dsn)
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.PostFormValue("title") == "" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if err := insert(0, int(n.Add(1))); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		http.Redirect(w, r, "/raw?done=submit", http.StatusSeeOther)
	}), done
}

// pageCeiling serves FILE's bytes at addr after reading one row by primary
// key per request (a session lookup's least work), for wrk: the ceiling
// of a page that needs one statement, beside nginx serving the same bytes.
func pageCeiling(dsn, file, addr string) {
	ctx := context.Background()
	body, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	q := "SELECT id, name FROM committees WHERE id = ?"
	if db.Dialect == sqldb.Postgres {
		q = "SELECT id, name FROM committees WHERE id = $1"
	}
	var id int64
	if err := db.R.QueryRowContext(ctx, "SELECT MIN(id) FROM committees").Scan(&id); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	size := strconv.Itoa(len(body))
	err = http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var got int64
		var name string
		if err := db.R.QueryRowContext(r.Context(), q, id).Scan(&got, &name); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", size)
		w.Write(body)
	}))
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
