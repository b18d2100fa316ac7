// The article's Go server: net/http with the JSON body rendered once at start-up, written as raw
// bytes, and no router. Go uses every CPU it is given (GOMAXPROCS), so it has no cluster variant.
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
)

// Pre-render the exact JSON byte slice at startup to completely eliminate allocation/reflection.
var jsonResponse = []byte(`{"message":"Hello from Go!"}`)

func jsonHandler(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/json" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(jsonResponse)
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "3000"
	}
	server := &http.Server{
		Addr:    net.JoinHostPort(os.Getenv("HOST"), port), // brackets IPv6 hosts such as ::1
		Handler: http.HandlerFunc(jsonHandler),
	}
	fmt.Printf("Optimized Go %s running on port %s (GOMAXPROCS=%d, pid %d)\n",
		runtime.Version(), port, runtime.GOMAXPROCS(0), os.Getpid())
	if err := server.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
