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
        <source>The sources below are still the pages that match.</source>
        <translation>下面列出的来源仍是与问题相符的页面。</translation>
    </message>
    <message>
        <source>Writing the answer…</source>
        <translation>正在撰写答案…</translation>
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
    <message>
        <source>⚑ Not backed by your documents — do not act on these without checking:</source>
        <translation>⚑ 以下内容在您的文档中找不到依据 — 未经核实请勿照做：</translation>
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
        <source>OCR {0} p.</source>
        <translation>OCR {0} 页</translation>
    </message>
    <message>
        <source>⚠ {0} warning(s)</source>
        <translation>⚠ {0} 条警告</translation>
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
        <source>The library is still opening; drop the files again in a moment.</source>
        <translation>文档库仍在打开中，请稍后再拖放文件。</translation>
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
        <source>About Laoshifu</source>
        <translation>关于老师傅</translation>
    </message>
    <message>
        <source>Laoshifu %1: offline answers from your maintenance documents, every claim on a page. Nothing leaves this computer.</source>
        <translation>老师傅 %1：离线回答来自您的维修文档，每一句都注明页码。任何数据都不会离开这台电脑。</translation>
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
        <translation>将一本示例手册加入临时资料库，进行搜索并提问。不会改动您自己的资料库。</translation>
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
        <source>Bundled SmolLM2-135M</source>
        <translation>内置 SmolLM2-135M</translation>
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
        <source>Answer model (.gguf)</source>
        <translation>问答模型 (.gguf)</translation>
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
</TS>
