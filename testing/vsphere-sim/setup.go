package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"os"
	"path"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// setUp creates the datastore in root and the VMs, over the simulator's own SOAP endpoint.
func setUp(ctx context.Context, server *simulator.Server, sim *cbtSimulator, root, dsName string, vms []vmSpec, cbt bool) (*ready, error) {
	client, err := govmomi.NewClient(ctx, server.URL, true)
	if err != nil {
		return nil, err
	}
	defer client.Logout(ctx)
	finder := find.NewFinder(client.Client, false)
	dc, err := finder.DefaultDatacenter(ctx)
	if err != nil {
		return nil, err
	}
	finder.SetDatacenter(dc)
	host, err := finder.DefaultHostSystem(ctx)
	if err != nil {
		return nil, err
	}
	dss, err := host.ConfigManager().DatastoreSystem(ctx)
	if err != nil {
		return nil, err
	}
	ds, err := dss.CreateLocalDatastore(ctx, dsName, root)
	if err != nil {
		return nil, fmt.Errorf("datastore %s in %s: %w", dsName, root, err)
	}
	folders, err := dc.Folders(ctx)
	if err != nil {
		return nil, err
	}
	pool, err := host.ResourcePool(ctx)
	if err != nil {
		return nil, err
	}
	out := &ready{Datacenter: dc.Name(), Datastore: dsName, Directory: root}
	for _, spec := range vms {
		vm, err := createVM(ctx, folders, pool, host, ds.Reference(), dsName, root, spec, cbt)
		if err != nil {
			return nil, fmt.Errorf("VM %s: %w", spec.name, err)
		}
		out.VMs = append(out.VMs, sim.register(vm, root, dc.Name(), dsName))
	}
	return out, nil
}

func createVM(ctx context.Context, folders *object.DatacenterFolders, pool *object.ResourcePool, host *object.HostSystem,
	ds types.ManagedObjectReference, dsName, root string, spec vmSpec, cbt bool) (*simulator.VirtualMachine, error) {
	config := types.VirtualMachineConfigSpec{
		Name:                  spec.name,
		GuestId:               string(types.VirtualMachineGuestOsIdentifierOtherGuest),
		Files:                 &types.VirtualMachineFileInfo{VmPathName: fmt.Sprintf("[%s] %s/%s.vmx", dsName, spec.name, spec.name)},
		ChangeTrackingEnabled: types.NewBool(cbt),
	}
	var devices object.VirtualDeviceList
	scsi, err := devices.CreateSCSIController("pvscsi")
	if err != nil {
		return nil, err
	}
	devices = append(devices, scsi)
	for i, size := range spec.sizes {
		name := spec.name + ".vmdk"
		if i > 0 {
			name = fmt.Sprintf("%s_%d.vmdk", spec.name, i)
		}
		disk := devices.CreateDisk(scsi.(types.BaseVirtualController), ds,
			fmt.Sprintf("[%s] %s", dsName, path.Join(spec.name, name)))
		disk.Key = int32(2000 + i)
		disk.DeviceInfo = &types.Description{Label: fmt.Sprintf("Hard disk %d", i+1)}
		disk.CapacityInKB = size / 1024
		disk.CapacityInBytes = size
		disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo).Uuid = diskUUID()
		devices = append(devices, disk)
	}
	config.DeviceChange, err = devices.ConfigSpec(types.VirtualDeviceConfigSpecOperationAdd)
	if err != nil {
		return nil, err
	}
	for _, change := range config.DeviceChange {
		if _, ok := change.GetVirtualDeviceConfigSpec().Device.(*types.VirtualDisk); ok {
			change.GetVirtualDeviceConfigSpec().FileOperation = types.VirtualDeviceConfigSpecFileOperationCreate
		}
	}
	task, err := folders.VmFolder.CreateVM(ctx, config, pool, host)
	if err != nil {
		return nil, err
	}
	info, err := task.WaitForResult(ctx, nil)
	if err != nil {
		return nil, err
	}
	ref := info.Result.(types.ManagedObjectReference)
	powerOn, err := object.NewVirtualMachine(folders.VmFolder.Client(), ref).PowerOn(ctx)
	if err == nil {
		err = powerOn.Wait(ctx)
	}
	if err != nil {
		return nil, err
	}
	return simulator.Map.Get(ref).(*simulator.VirtualMachine), nil
}

// diskUUID makes a backing uuid in vSphere's shape, 6000C29x-xxxx-xxxx-xxxx-xxxxxxxxxxxx.
func diskUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("6000C29%x-%x-%x-%x-%x", b[0]&0xf, b[1:3], b[3:5], b[5:7], b[7:13])
}

// writeDescriptor writes a monolithic-flat descriptor next to the flat file, as ESXi keeps them.
func writeDescriptor(descriptor, flatName string, capacity int64, uuid string) error {
	text := fmt.Sprintf(`# Disk DescriptorFile
version=1
encoding="UTF-8"
CID=fffffffe
parentCID=ffffffff
createType="vmfs"

# Extent description
RW %d VMFS "%s"

# The Disk Data Base
#DDB

ddb.adapterType = "lsilogic"
ddb.uuid = "%s"
ddb.virtualHWVersion = "13"
`, capacity/512, flatName, uuid)
	return os.WriteFile(descriptor, []byte(text), 0o644)
}

func folderPath(dsPath string, dc, ds string) string {
	q := url.Values{"dcPath": {dc}, "dsName": {ds}}
	return "/folder/" + dsPath + "?" + q.Encode()
}
