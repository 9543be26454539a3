// mpgui: a desktop window onto a running mpnode and the wallets registered
// with it. See docs/ and `mpgui --help`.

#include "main-window.h"
#include "node-model.h"
#include "screenshot.h"

#include <common/datadir.h>
#include <common/logging.h>
#include <common/socket-address.h>

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
    std::string log_level = "info";
    std::string screenshot;
    int screenshot_height = -1;
    app.add_option("--connect", connect, "Node socket: unix:PATH or PATH (default: ~/.mpsample/node/node.sock)");
    app.add_option("--log-level", log_level, "trace, debug, info, warning or error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warning", "error"}));
    // Hidden (empty group): for scripts/screenshot.sh.
    app.add_option("--screenshot", screenshot, "Save the window to FILE once it has settled, then exit")->group("");
    app.add_option("--screenshot-height", screenshot_height, "With --screenshot: wait for the chain to reach HEIGHT")
        ->group("");
    // Qt's own options (-platform, -style, ...) are left for QApplication.
    app.allow_extras();
    CLI11_PARSE(app, argc, argv);

    std::string socket_path;
    try {
        mpsample::SetLogLevel(mpsample::ParseLevel(log_level));
        socket_path = mpsample::ParseSocketAddress(connect.empty() ? mpsample::DefaultDatadir("node") + "/node.sock" : connect);
    } catch (const std::exception& e) {
        fprintf(stderr, "mpgui: error: %s\n", e.what());
        return 1;
    }

    QApplication qt_app(argc, argv);
    mpgui::NodeModel model(socket_path);
    mpgui::MainWindow window(model);
    window.show();
    std::unique_ptr<mpgui::Screenshot> shot;
    if (!screenshot.empty()) {
        shot = std::make_unique<mpgui::Screenshot>(model, window, QString::fromStdString(screenshot), screenshot_height);
    }
    return qt_app.exec();
}
