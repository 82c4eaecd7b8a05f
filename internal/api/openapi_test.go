package api_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"

	"xieshang/internal/server"
	"xieshang/internal/sqldb/sqldbtest"
)

// loadDocument fetches /api/openapi.json from h and parses it.
func loadDocument(t *testing.T, h http.Handler) (libopenapi.Document, *v3.Document) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/openapi.json", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: %d", w.Code)
	}
	doc, err := libopenapi.NewDocument(w.Body.Bytes())
	if err != nil {
		t.Fatalf("parse document: %v", err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatalf("build model: %v", err)
	}
	return doc, &model.Model
}

// TestOpenAPIDocument validates the generated document against the OAS 3.1
// schema and checks that it and the mux agree: every documented operation
// is registered under its own pattern and answers (here 401, having no
// token) rather than the 404 of an unknown path.
func TestOpenAPIDocument(t *testing.T) {
	app, err := server.New(sqldbtest.SQLite(t), server.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	h := app.Handler()
	doc, model := loadDocument(t, h)
	if v := doc.GetVersion(); v != "3.1.0" {
		t.Errorf("version %q", v)
	}
	if ok, errs := schema_validation.ValidateOpenAPIDocument(doc); !ok || len(errs) > 0 {
		for _, e := range errs {
			t.Errorf("document: %s: %s", e.Message, e.Reason)
			for _, s := range e.SchemaValidationErrors {
				t.Errorf("  %s: %s", s.FieldPath, s.Reason)
			}
		}
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, errs := v.ValidateDocument(); !ok {
		t.Errorf("ValidateDocument: %v", errs)
	}

	mux := http.NewServeMux()
	app.API.Routes(mux)
	han := regexp.MustCompile(`\p{Han}`)
	ids := map[string]bool{}
	n := 0
	for path, item := range model.Paths.PathItems.FromOldest() {
		for method, op := range item.GetOperations().FromOldest() {
			n++
			method = strings.ToUpper(method)
			name := method + " " + path
			if op.OperationId == "" || ids[op.OperationId] {
				t.Errorf("%s: missing or duplicate operationId %q", name, op.OperationId)
			}
			ids[op.OperationId] = true
			if !han.MatchString(op.Summary) {
				t.Errorf("%s: summary %q is not Chinese", name, op.Summary)
			}
			wantScope := "write"
			if method == http.MethodGet {
				wantScope = "read"
			}
			if len(op.Security) != 1 {
				t.Errorf("%s: security %v", name, op.Security)
			} else if scopes, ok := op.Security[0].Requirements.Get("bearer"); !ok || len(scopes) != 1 || scopes[0] != wantScope {
				t.Errorf("%s: scopes %v, want [%s]", name, scopes, wantScope)
			}
			if _, ok := op.Responses.Codes.Get("401"); !ok {
				t.Errorf("%s: 401 undocumented", name)
			}

			url := strings.ReplaceAll(path, "{id}", "1")
			req := httptest.NewRequest(method, url, nil)
			if _, pattern := mux.Handler(req); pattern != name {
				t.Errorf("%s is registered as %q", name, pattern)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusUnauthorized || w.Header().Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s without a token: %d %s, want a 401 problem", name, w.Code, w.Header().Get("Content-Type"))
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d operations documented", n)
	}
	for _, name := range []string{"Problem", "FieldError", "User", "UserList", "NewUser", "CreatedUser", "Me", "AuditEntry", "AuditList",
		"Committee", "OrgItem", "OrgItemList", "NewOrgItem", "Unit", "UnitList", "NewUnit", "Term", "TermList", "NewTerm",
		"Member", "MemberSummary", "MemberList", "MemberInput", "MemberUpdate", "SpecialCommitteeSeat", "MemberSpecialCommittee", "Membership",
		"Proposal", "ProposalSummary", "ProposalList", "ProposalInput", "ProposalUpdate", "ActionInput", "ReplyInput", "UnitChoice",
		"AvailableAction", "ProposalEvent"} {
		if _, ok := model.Components.Schemas.Get(name); !ok {
			t.Errorf("schema %s missing", name)
		}
	}
	if s, ok := model.Components.SecuritySchemes.Get("bearer"); !ok || s.Type != "http" || s.Scheme != "bearer" {
		t.Errorf("security scheme bearer: %+v", s)
	}
}

// responseValidator checks responses of documented operations against the
// document, so the schemas cannot drift from what handlers send.
type responseValidator struct{ v validator.Validator }

func newResponseValidator(t *testing.T, e *env) *responseValidator {
	doc, _ := loadDocument(t, e.h)
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	return &responseValidator{v}
}

// check validates w, the answer to method url; answers to undocumented
// paths (unknown paths, the documentation itself) are skipped.
func (rv *responseValidator) check(t testing.TB, method, url string, header map[string]string, w *httptest.ResponseRecorder) {
	t.Helper()
	req := httptest.NewRequest(method, url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp := w.Result()
	ok, errs := rv.v.ValidateHttpResponse(req, resp)
	if ok {
		return
	}
	for _, e := range errs {
		if e.ValidationType == helpers.PathValidation {
			return
		}
	}
	for _, e := range errs {
		t.Errorf("response does not match the document: %s: %s", e.Message, e.Reason)
		for _, s := range e.SchemaValidationErrors {
			t.Errorf("  %s: %s", s.FieldPath, s.Reason)
		}
	}
}

// TestResponseValidatorCatchesDrift makes sure the validator used by the
// scenarios does reject answers that break the document.
func TestResponseValidatorCatchesDrift(t *testing.T) {
	app, err := server.New(sqldbtest.SQLite(t), server.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	rv := newResponseValidator(t, &env{h: app.Handler()})
	for _, c := range []struct {
		status      int
		contentType string
		body        string
	}{
		{200, "application/json", `{"id":"seven","username":"a"}`},
		{200, "application/json", `{"items":null}`},
		{401, "application/problem+json", `{"type":"/api/problems/unauthenticated"}`},
		{418, "application/problem+json", `{}`},
	} {
		w := httptest.NewRecorder()
		w.Header().Set("Content-Type", c.contentType)
		w.WriteHeader(c.status)
		w.WriteString(c.body)
		url := "/api/v1/me"
		if strings.Contains(c.body, "items") {
			url = "/api/v1/users"
		}
		ft := &fakeT{}
		rv.check(ft, "GET", url, nil, w)
		if !ft.failed {
			t.Errorf("%d %s was accepted", c.status, c.body)
		}
	}
}

// fakeT records failures instead of failing the test.
type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Helper()               {}
func (f *fakeT) Errorf(string, ...any) { f.failed = true }
