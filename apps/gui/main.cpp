// mpgui: a desktop window onto a running mpnode and the wallets registered
// with it. See docs/ and `mpgui --help`.

#include "main-window.h"
#include "node-model.h"
#include "screenshot.h"

#include <common/datadir.h>
#include <common/ipc-options.h>
#include <common/logging.h>

#include <CLI/CLI.hpp>

#include <QApplication>

#include <csignal>
#include <cstdio>
#include <memory>

int main(int argc, char** argv)
{
    mpsample::SetProgramName("mpgui");
    // A write to a node that just died must fail with EPIPE, not kill us.
    std::signal(SIGPIPE, SIG_IGN);

    CLI::App app{"mpgui: a window onto a running mpnode: its chain, mining, and the wallets registered with it."};
    std::string connect;
    mpsample::IpcOptions ipc;
    std::string log_level = "info";
    std::string screenshot;
    int screenshot_height = -1;
    app.add_option("--connect", connect, mpsample::ConnectHelp());
    app.add_option("--log-level", log_level, "trace, debug, info, warning or error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warning", "error"}));
    mpsample::AddIpcOptions(app, ipc, mpsample::IpcRole::Client);
    // Hidden (empty group): for scripts/screenshot.sh.
    app.add_option("--screenshot", screenshot, "Save the window to FILE once it has settled, then exit")->group("");
    app.add_option("--screenshot-height", screenshot_height, "With --screenshot: wait for the chain to reach HEIGHT")
        ->group("");
    // Qt's own options (-platform, -style, ...) are left for QApplication.
    app.allow_extras();
    CLI11_PARSE(app, argc, argv);

    std::string address;
    mp::NetworkOptions network;
    try {
        mpsample::SetLogLevel(mpsample::ParseLevel(log_level));
        address = mpsample::ExpandNodeAddress(connect, mpsample::DefaultDatadir("node"));
        network = mpsample::MakeNetworkOptions(ipc, {address});
    } catch (const std::exception& e) {
        fprintf(stderr, "mpgui: error: %s\n", e.what());
        return 1;
    }

    QApplication qt_app(argc, argv);
    mpgui::NodeModel model(address, network);
    mpgui::MainWindow window(model);
    window.show();
    std::unique_ptr<mpgui::Screenshot> shot;
    if (!screenshot.empty()) {
        shot = std::make_unique<mpgui::Screenshot>(model, window, QString::fromStdString(screenshot), screenshot_height);
    }
    return qt_app.exec();
}
