package sqldb

import (
	"context"
	"encoding/json"

	"xieshang/internal/job"
)

// Jobs returns the job.Store over db. Each call is its own transaction.
func Jobs(db *DB) job.Store { return jobStore{db} }

type jobStore struct{ db *DB }

type jobResult struct {
	Stage   string          `json:"stage,omitempty"`
	Message string          `json:"message,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
}

func (s jobStore) InsertJob(ctx context.Context, j *job.Job) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		j.CreatedAt, j.UpdatedAt = tx.now, tx.now
		id, err := tx.insert(ctx, `INSERT INTO jobs (committee_id, kind, state, done, total, result, created_by, created_at, updated_at)
			VALUES (?, ?, ?, 0, 0, '', ?, ?, ?)`, j.CommitteeID, j.Kind, string(j.State), j.CreatedBy, tx.ts(j.CreatedAt), tx.ts(j.UpdatedAt))
		j.ID = id
		return err
	})
}

func (s jobStore) UpdateJob(ctx context.Context, j job.Job) error {
	b, err := json.Marshal(jobResult{Stage: j.Stage, Message: j.Message, Result: j.Result})
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE jobs SET state = ?, done = ?, total = ?, result = ?, updated_at = ? WHERE id = ?",
			string(j.State), j.Done, j.Total, string(b), tx.ts(tx.now), j.ID)
		return oneRow(res, err, "任务不存在")
	})
}

func (s jobStore) JobByID(ctx context.Context, id int64) (job.Job, error) {
	var j job.Job
	err := s.db.View(ctx, func(tx *Tx) error {
		var state, result string
		err := tx.queryRow(ctx, "SELECT id, committee_id, kind, state, done, total, result, created_by, created_at, updated_at FROM jobs WHERE id = ?", id).
			Scan(&j.ID, &j.CommitteeID, &j.Kind, &state, &j.Done, &j.Total, &result, &j.CreatedBy, nullTime{&j.CreatedAt}, nullTime{&j.UpdatedAt})
		if err != nil {
			return mapErr(err)
		}
		j.State = job.State(state)
		if result != "" {
			var r jobResult
			if err := json.Unmarshal([]byte(result), &r); err == nil {
				j.Stage, j.Message, j.Result = r.Stage, r.Message, r.Result
			}
		}
		return nil
	})
	return j, err
}

func (s jobStore) FailRunningJobs(ctx context.Context, message string) (int, error) {
	b, _ := json.Marshal(jobResult{Message: message})
	var n int64
	err := s.db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE jobs SET state = 'failed', result = ?, updated_at = ? WHERE state = 'running'", string(b), tx.ts(tx.now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
