package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// testTimeout bounds one test, so that a page that never loads fails fast.
const testTimeout = 60 * time.Second

func TestMain(m *testing.M) {
	code := m.Run()
	stopBrowser()
	os.Exit(code)
}

// browser is the one Chromium process that every test of the package shares.
var browser struct {
	once   sync.Once
	path   string          // "" when no Chromium was found
	ctx    context.Context // a chromedp context whose browser is running
	cancel func()          // stops the browser and removes its profile
	err    error
}

// chromePath returns the Chromium to run, or "" if there is none.
func chromePath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser starts the shared Chromium on first use. The allocator makes
// a fresh temporary profile (user-data-dir) and removes it when stopped.
func startBrowser() {
	browser.once.Do(func() {
		browser.path = chromePath()
		if browser.path == "" {
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(browser.path),
			chromedp.Headless,
			chromedp.NoSandbox, // the tests may run as root, where the sandbox refuses to start
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.WindowSize(1280, 900),
		)
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(allocCtx)
		browser.ctx = ctx
		browser.cancel = func() { cancelCtx(); cancelAlloc() }
		// The first run starts the process; it must not carry a timeout, or
		// the browser would stop when the timeout ends.
		started := make(chan error, 1)
		go func() { started <- chromedp.Do(ctx) }()
		select {
		case browser.err = <-started:
		case <-time.After(30 * time.Second):
			browser.err = fmt.Errorf("chromium did not start within 30 s")
		}
		if browser.err != nil {
			browser.err = fmt.Errorf("start %s: %w", browser.path, browser.err)
		}
	})
}

func stopBrowser() {
	if browser.cancel != nil {
		browser.cancel()
	}
}

// newTab returns a browser tab in a new, isolated browser context (its own
// cookies and storage), with the test's deadline. The tab closes when the
// test ends. The second result has no deadline, for work after a timeout,
// such as a screenshot of the failure.
func newTab(t *testing.T) (ctx, tabCtx context.Context) {
	t.Helper()
	startBrowser()
	if browser.path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium is required under CI=true but was not found; set CHROME_PATH")
		}
		fmt.Fprintf(os.Stderr, "NOTICE: Chromium not found (set CHROME_PATH); skipping %s\n", t.Name())
		t.Skip("Chromium not found")
	}
	if browser.err != nil {
		t.Fatal(browser.err)
	}
	tabCtx, cancelTab := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, testTimeout)
	t.Cleanup(cancel)
	return ctx, tabCtx
}
