package io.pilotlight.vsphere;

import static io.pilotlight.vsphere.SoapXml.element;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Finding a VM by name, by inventory path ({@code dc1/vm/folder/web1}) or by reference ({@code vm-123}). */
public final class Inventory {
    private static final Pattern MOREF = Pattern.compile("vm-\\d+");
    private static final int NAMES_SHOWN = 20;

    private Inventory() {}

    /**
     * The VM {@code name} designates: a reference if it looks like {@code vm-123}, an inventory path if it
     * contains {@code /}, else a VM name, which must be unique.
     */
    public static VirtualMachine findVm(VsphereClient client, String name) throws IOException {
        if (MOREF.matcher(name).matches()) {
            MoRef ref = new MoRef("VirtualMachine", name);
            ObjectContent vm;
            try {
                vm = client.properties(ref, "name");
            } catch (VsphereFault fault) {
                throw new VsphereAccessException(VsphereAccessException.Kind.NO_SUCH_VM, "vSphere " + client.sdk()
                        + ": no VM with reference " + name + " ("
                        + fault.faultType() + ")", fault);
            }
            return new VirtualMachine(client, ref, vm.text("name").orElse(name));
        }
        if (name.contains("/")) {
            ServiceContent content = client.serviceContent();
            XmlElement response = client.invoke("FindByInventoryPath", content.searchIndex().xml("_this")
                    + element("inventoryPath", name));
            Optional<MoRef> ref = response.child("returnval").map(XmlElement::moRef);
            if (ref.isEmpty() || !ref.get().type().equals("VirtualMachine")) {
                throw new VsphereAccessException(VsphereAccessException.Kind.NO_SUCH_VM, "vSphere " + client.sdk()
                        + ": inventory path '" + name + "' names "
                        + ref.map(r -> "a " + r.type() + ", not a VM").orElse("nothing")
                        + " (paths look like DATACENTER/vm/FOLDER/VM)", null);
            }
            return new VirtualMachine(client, ref.get(), name.substring(name.lastIndexOf('/') + 1));
        }
        List<ObjectContent> vms = allVms(client);
        List<ObjectContent> matches = vms.stream().filter(vm -> vm.text("name").orElse("").equals(name)).toList();
        if (matches.size() == 1) {
            return new VirtualMachine(client, matches.get(0).ref(), name);
        }
        if (matches.isEmpty()) {
            List<String> names = vms.stream().map(vm -> vm.text("name").orElse("?")).sorted().toList();
            throw new VsphereAccessException(VsphereAccessException.Kind.NO_SUCH_VM, "vSphere " + client.sdk()
                    + ": no VM named '" + name + "'; VMs: "
                    + (names.size() > NAMES_SHOWN ? names.subList(0, NAMES_SHOWN) + " and " + (names.size() - NAMES_SHOWN)
                            + " more" : names.toString()), null);
        }
        throw new IOException("vSphere " + client.sdk() + ": " + matches.size() + " VMs are named '" + name + "' ("
                + matches.stream().map(vm -> vm.ref().value()).toList() + "); give an inventory path or a"
                + " reference such as " + matches.get(0).ref().value());
    }

    /** Every VM's name, through a container view of the root folder. */
    static List<ObjectContent> allVms(VsphereClient client) throws IOException {
        ServiceContent content = client.serviceContent();
        MoRef view = VsphereClient.returnValue(client.invoke("CreateContainerView", content.viewManager().xml("_this")
                + content.rootFolder().xml("container") + element("type", "VirtualMachine")
                + element("recursive", true)), "CreateContainerView").moRef();
        try {
            return client.retrieve("<specSet><propSet>" + element("type", "VirtualMachine") + element("all", false)
                    + element("pathSet", "name") + "</propSet><objectSet>" + view.xml("obj") + element("skip", true)
                    + "<selectSet xsi:type=\"TraversalSpec\">" + element("name", "view") + element("type", "ContainerView")
                    + element("path", "view") + element("skip", false) + "</selectSet></objectSet></specSet>");
        } finally {
            client.invoke("DestroyView", view.xml("_this"));
        }
    }
}
