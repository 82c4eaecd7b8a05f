// Package job runs long tasks (roster imports) in the background with
// progress that pages can show. Jobs are rows in the database, so their
// state survives the request that started them; a job cut off by a restart
// is marked failed when the server starts again.
package job

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

// State of a job.
type State string

const (
	Running State = "running"
	Done    State = "done"
	Failed  State = "failed"
)

// Job is one background task.
type Job struct {
	ID          int64
	CommitteeID int64
	Kind        string
	State       State
	Stage       string
	Done, Total int
	Result      json.RawMessage // the task's own result, JSON
	Message     string          // what to tell the user when it failed
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Store keeps jobs.
type Store interface {
	InsertJob(ctx context.Context, j *Job) error
	UpdateJob(ctx context.Context, j Job) error
	JobByID(ctx context.Context, id int64) (Job, error)
	FailRunningJobs(ctx context.Context, message string) (int, error)
}

// Progress reports how far a task has got.
type Progress func(stage string, done, total int)

// Task is the work of a job: it returns a JSON-encodable result or an
// error whose message (errs.Message) the user sees.
type Task func(ctx context.Context, progress Progress) (any, error)

// Runner starts tasks in goroutines and records their progress.
type Runner struct {
	store Store
	log   *slog.Logger
	wg    sync.WaitGroup
	base  context.Context
}

// NewRunner returns a Runner; tasks run under base (cancel it to stop them).
// Jobs left running by a previous process are marked failed.
func NewRunner(base context.Context, store Store, log *slog.Logger) (*Runner, error) {
	if _, err := store.FailRunningJobs(base, "服务重启,任务已中断,请重新提交"); err != nil {
		return nil, err
	}
	return &Runner{store: store, log: log, base: base}, nil
}

// Start records a job of kind for the actor and runs task in the
// background; it returns the job's id at once.
func (r *Runner) Start(ctx context.Context, by authz.Actor, kind string, task Task) (int64, error) {
	j := Job{CommitteeID: by.CommitteeID, Kind: kind, State: Running, CreatedBy: by.UserID}
	if err := r.store.InsertJob(ctx, &j); err != nil {
		return 0, err
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		var mu sync.Mutex
		last := time.Time{}
		progress := func(stage string, done, total int) {
			mu.Lock()
			defer mu.Unlock()
			j.Stage, j.Done, j.Total = stage, done, total
			if time.Since(last) < 200*time.Millisecond && done != total {
				return
			}
			last = time.Now()
			if err := r.store.UpdateJob(r.base, j); err != nil {
				r.log.Error("job progress", "job", j.ID, "err", err)
			}
		}
		res, err := task(r.base, progress)
		mu.Lock()
		defer mu.Unlock()
		j.State = Done
		if err != nil {
			j.State, j.Message = Failed, errs.Message(err)
			if errs.KindOf(err) == errs.Internal {
				r.log.Error("job failed", "job", j.ID, "kind", j.Kind, "err", err)
			}
		}
		if res != nil {
			if b, err := json.Marshal(res); err == nil {
				j.Result = b
			}
		}
		if err := r.store.UpdateJob(r.base, j); err != nil {
			r.log.Error("job result", "job", j.ID, "err", err)
		}
	}()
	return j.ID, nil
}

// Wait blocks until every started task has finished.
func (r *Runner) Wait() { r.wg.Wait() }

// Get returns job id if the actor started it or may see their committee's
// jobs of that kind (checked by the caller through see).
func (r *Runner) Get(ctx context.Context, by authz.Actor, id int64) (Job, error) {
	j, err := r.store.JobByID(ctx, id)
	if err != nil {
		return Job{}, errs.Wrap(errs.NotFound, err, "任务不存在")
	}
	if j.CommitteeID != by.CommitteeID || (j.CreatedBy != by.UserID && !by.System) {
		return Job{}, errs.E(errs.NotFound, "任务不存在")
	}
	return j, nil
}
