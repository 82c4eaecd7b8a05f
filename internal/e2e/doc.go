// Package e2e holds the end-to-end tests: journeys of real people through
// the real application, driven in headless Chromium with chromedp.
//
// Each test starts the whole application (server.New) over a fresh SQLite
// database and opens its own isolated browser context, so cookies never leak
// from one test to another. One Chromium process serves the whole package.
//
// Chromium is found at $CHROME_PATH, /usr/bin/chromium, or on $PATH. When it
// is missing the tests are skipped with a notice, except under CI=true,
// where that is a failure. Screenshots of failed tests (and of the mobile
// layout) go to $E2E_ARTIFACTS when set, otherwise to the test's temporary
// folder.
package e2e
