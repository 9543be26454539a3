# Interface of the printer process: it writes lines to its standard output.

@0xadecda7adf555f14;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("gen");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("printer.h");
$Proxy.includeTypes("types.h");

interface PrinterInterface $Proxy.wrap("Printer") {
    destroy @0 (context :Proxy.Context) -> ();
    print @1 (context :Proxy.Context, text :Text) -> ();
}
