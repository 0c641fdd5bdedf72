// Command vsphere-sim starts govmomi's vCenter simulator with VMs whose disks are real flat files,
// adds changed block tracking (CreateSnapshot_Task fingerprints the disks, QueryChangedDiskAreas
// answers from the fingerprints) and a control endpoint for tests, then prints one JSON line.
package main

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/vmware/govmomi/simulator"
)

// vmFlags collects repeated -vm NAME=SIZE[,SIZE...] flags.
type vmFlags []vmSpec

type vmSpec struct {
	name  string
	sizes []int64
}

func (v *vmFlags) String() string { return fmt.Sprint(*v) }

func (v *vmFlags) Set(value string) error {
	parts := strings.SplitN(value, "=", 2)
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return fmt.Errorf("-vm %q: want NAME=SIZE[,SIZE...] (sizes in bytes)", value)
	}
	spec := vmSpec{name: parts[0]}
	for _, s := range strings.Split(parts[1], ",") {
		size, err := strconv.ParseInt(s, 10, 64)
		if err != nil || size <= 0 || size%1024 != 0 {
			return fmt.Errorf("-vm %q: disk size %q must be a positive multiple of 1024 bytes", value, s)
		}
		spec.sizes = append(spec.sizes, size)
	}
	*v = append(*v, spec)
	return nil
}

// ready is the one JSON line printed on stdout once the simulator serves requests.
type ready struct {
	URL        string    `json:"url"`
	Host       string    `json:"host"`
	Port       int       `json:"port"`
	Username   string    `json:"username"`
	Password   string    `json:"password"`
	Thumbprint string    `json:"thumbprint"`
	Datacenter string    `json:"datacenter"`
	Datastore  string    `json:"datastore"`
	Directory  string    `json:"directory"`
	Control    string    `json:"control"`
	VMs        []vmReady `json:"vms"`
}

type vmReady struct {
	Name                  string      `json:"name"`
	Moref                 string      `json:"moref"`
	ChangeTrackingEnabled bool        `json:"changeTrackingEnabled"`
	Disks                 []diskReady `json:"disks"`
}

type diskReady struct {
	Key        int32  `json:"key"`
	Label      string `json:"label"`
	FileName   string `json:"fileName"`
	FlatFile   string `json:"flatFile"`
	FolderPath string `json:"folderPath"`
	Capacity   int64  `json:"capacity"`
	UUID       string `json:"uuid"`
}

func main() {
	var vms vmFlags
	dir := flag.String("dir", ".", "directory for the datastore (created if missing)")
	datastore := flag.String("datastore", "datastore1", "datastore name")
	username := flag.String("username", "pilotlight", "login user name")
	password := flag.String("password", "pilotlight-sim", "login password")
	cbt := flag.Bool("cbt", false, "start every VM with config.changeTrackingEnabled true")
	pageSize := flag.Int("page-size", 2048, "maximum changed areas per QueryChangedDiskAreas answer")
	watchStdin := flag.Bool("watch-stdin", false, "exit when stdin reaches end of file (the parent process died)")
	flag.Var(&vms, "vm", "a VM: NAME=SIZE[,SIZE...] in bytes, one disk per size (repeatable)")
	flag.Parse()
	log.SetPrefix("vsphere-sim: ")
	log.SetFlags(0)
	if len(vms) == 0 {
		log.Fatal("give at least one -vm NAME=SIZE")
	}
	if *pageSize < 1 {
		log.Fatal("-page-size must be at least 1")
	}
	root, err := filepath.Abs(filepath.Join(*dir, *datastore))
	if err != nil {
		log.Fatal(err)
	}
	if entries, err := os.ReadDir(root); err == nil && len(entries) > 0 {
		log.Fatalf("datastore directory %s is not empty: give a fresh -dir", root)
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		log.Fatal(err)
	}

	model := simulator.VPX()
	model.Cluster, model.ClusterHost, model.Portgroup = 0, 0, 0
	model.Host, model.Datastore, model.Machine = 1, 0, 0
	model.Autostart = false
	if err := model.Create(); err != nil {
		log.Fatalf("creating the inventory: %v", err)
	}
	model.Service.TLS = new(tls.Config)
	model.Service.Listen = &url.URL{Host: "127.0.0.1:0", User: url.UserPassword(*username, *password)}
	server := model.Service.NewServer()
	defer server.Close()

	sim := newSimulator(*pageSize)
	server.Config.Handler = sim.wrap(server.Config.Handler)

	out, err := setUp(context.Background(), server, sim, root, *datastore, vms, *cbt)
	if err != nil {
		log.Fatalf("setting up VMs: %v", err)
	}
	port, _ := strconv.Atoi(server.URL.Port())
	sum := sha256.Sum256(server.Certificate().Raw)
	out.URL = "https://" + server.URL.Host + "/sdk"
	out.Host, out.Port = server.URL.Hostname(), port
	out.Username, out.Password = *username, *password
	out.Thumbprint = hex.EncodeToString(sum[:])
	out.Control = "https://" + server.URL.Host + controlPrefix
	line, _ := json.Marshal(out)
	fmt.Println(string(line))

	// Stop on a signal, or when stdin closes (the parent died or closed our pipe).
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	if *watchStdin {
		go exitOnEOF(stop)
	}
	<-stop
}

func exitOnEOF(stop chan<- os.Signal) {
	{
		buf := make([]byte, 256)
		for {
			if _, err := os.Stdin.Read(buf); err != nil {
				stop <- syscall.SIGTERM
				return
			}
		}
	}
}
