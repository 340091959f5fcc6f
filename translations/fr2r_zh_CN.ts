<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>GuiSelfTest</name>
    <message>
        <source>%1 %2 (%3): self-test passed: main window, plot, %4</source>
        <translation>%1 %2（%3）：自检通过：主窗口、图表、%4</translation>
    </message>
    <message>
        <source>self-test failed: %1</source>
        <translation>自检失败：%1</translation>
    </message>
</context>
<context>
    <name>MainActions</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Copy result</source>
        <translation>复制结果(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the realistic image to the clipboard</source>
        <translation>将真实图复制到剪贴板</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Evaluate…</source>
        <translation>评估(&amp;E)…</translation>
    </message>
    <message>
        <source>SSIM, LPIPS and KID of a folder of results, as in the paper</source>
        <translation>按论文方法计算一个结果文件夹的 SSIM、LPIPS 和 KID</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>About FashionR2R Studio</source>
        <translation>关于 FashionR2R 工作室</translation>
    </message>
    <message>
        <source>&amp;Open images…</source>
        <translation>打开图像(&amp;O)…</translation>
    </message>
    <message>
        <source>Add rendered images to the list</source>
        <translation>将渲染图添加到列表</translation>
    </message>
    <message>
        <source>Open &amp;result…</source>
        <translation>打开结果(&amp;R)…</translation>
    </message>
    <message>
        <source>Restore the parameters saved in a result PNG</source>
        <translation>从结果 PNG 中恢复保存的参数</translation>
    </message>
    <message>
        <source>&amp;Save result…</source>
        <translation>保存结果(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the realistic image as PNG with its parameters</source>
        <translation>将真实图连同参数保存为 PNG</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>设置(&amp;E)…</translation>
    </message>
    <message>
        <source>Model, device, precision and language</source>
        <translation>模型、设备、精度和语言</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close the window</source>
        <translation>关闭窗口</translation>
    </message>
    <message>
        <source>Toggle before/after</source>
        <translation>切换转换前/后</translation>
    </message>
    <message>
        <source>Show the rendered input alone, or the comparison</source>
        <translation>单独显示输入的渲染图，或显示对比</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Fit the image in the view</source>
        <translation>使图像适应视图</translation>
    </message>
    <message>
        <source>&amp;100%</source>
        <translation>100%(&amp;1)</translation>
    </message>
    <message>
        <source>One image pixel per screen pixel</source>
        <translation>一个图像像素对应一个屏幕像素</translation>
    </message>
    <message>
        <source>&amp;Translate</source>
        <translation>转换(&amp;T)</translation>
    </message>
    <message>
        <source>Translate the current image</source>
        <translation>转换当前图像</translation>
    </message>
    <message>
        <source>Translate &amp;all…</source>
        <translation>全部转换(&amp;A)…</translation>
    </message>
    <message>
        <source>Translate every image in the list into an output folder</source>
        <translation>将列表中的所有图像转换到一个输出文件夹</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Stop the running job</source>
        <translation>停止正在运行的任务</translation>
    </message>
    <message>
        <source>Cancel a&amp;ll</source>
        <translation>全部取消(&amp;L)</translation>
    </message>
    <message>
        <source>Stop every job</source>
        <translation>停止所有任务</translation>
    </message>
    <message>
        <source>Main tool bar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;Sweep…</source>
        <translation>参数扫描(&amp;S)…</translation>
    </message>
    <message>
        <source>Compare a strength × γ grid of the current image</source>
        <translation>对当前图像比较强度 × γ 网格</translation>
    </message>
    <message>
        <source>&amp;Get the base model…</source>
        <translation>获取基础模型(&amp;G)…</translation>
    </message>
    <message>
        <source>Download Stable Diffusion 1.5 from the Hugging Face hub</source>
        <translation>从 Hugging Face Hub 下载 Stable Diffusion 1.5</translation>
    </message>
    <message>
        <source>&amp;Train domain pack…</source>
        <translation>训练领域包(&amp;T)…</translation>
    </message>
    <message>
        <source>Train a LoRA on your real photos and the rendered-domain embedding on your renders</source>
        <translation>用你的真实照片训练 LoRA,用你的渲染图训练渲染域嵌入</translation>
    </message>
</context>
<context>
    <name>SweepGridAxis</name>
    <message>
        <source>Strengths</source>
        <translation>强度列表</translation>
    </message>
    <message>
        <source>Gammas</source>
        <translation>Gamma 列表</translation>
    </message>
    <message>
        <source>Write numbers separated by commas, for example 0.3, 0.5, 0.7.</source>
        <translation>请输入以逗号分隔的数字，例如 0.3, 0.5, 0.7。</translation>
    </message>
    <message>
        <source>%1: the list is empty. %2</source>
        <translation>%1：列表为空。%2</translation>
    </message>
    <message>
        <source>%1: %2 values are too many for one sweep; use at most %3.</source>
        <translation>%1：%2 个值对一次扫描来说太多，最多使用 %3 个。</translation>
    </message>
    <message>
        <source>%1: “%2” is not a number. %3</source>
        <translation>%1：“%2”不是数字。%3</translation>
    </message>
    <message>
        <source>greater than %1 and at most %2</source>
        <translation>大于 %1 且不超过 %2</translation>
    </message>
    <message>
        <source>from %1 to %2</source>
        <translation>从 %1 到 %2</translation>
    </message>
    <message>
        <source>%1: %2 is out of range; use values %3.</source>
        <translation>%1：%2 超出范围；请使用 %3 的值。</translation>
    </message>
    <message>
        <source>%1: %2 appears twice; each value makes one grid line.</source>
        <translation>%1：%2 出现了两次；每个值对应网格中的一行或一列。</translation>
    </message>
</context>
<context>
    <name>fr2r::hub::HubFileDownload</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1: the server sent more than the %2 bytes the hub lists</source>
        <translation>%1：服务器发送的数据超过了 Hub 列出的 %2 字节</translation>
    </message>
    <message>
        <source>%1: unexpected answer from %2 (HTTP %3 %4)</source>
        <translation>%1：%2 返回了意外的应答（HTTP %3 %4）</translation>
    </message>
    <message>
        <source>%1: the connection ended after %2 of %3 bytes; run the download again to resume it</source>
        <translation>%1：连接在 %2 / %3 字节后中断；再次运行下载即可续传</translation>
    </message>
    <message>
        <source>%1: its SHA-256 (%2) is not the one the hub lists (%3); the file was deleted, run the download again to fetch it anew</source>
        <translation>%1：其 SHA-256（%2）与 Hub 列出的（%3）不符；该文件已删除，请再次运行下载以重新获取</translation>
    </message>
</context>
<context>
    <name>fr2r::hub::HubRequest</name>
    <message>
        <source>%1: access denied (HTTP %2). Set HF_TOKEN to a Hugging Face token that may read this repository (some ask you to accept their licence on their web page first).</source>
        <translation>%1：访问被拒绝（HTTP %2）。请将 HF_TOKEN 设为可读取此仓库的 Hugging Face 令牌（部分仓库需先在其网页上接受许可协议）。</translation>
    </message>
    <message>
        <source>%1: not found (HTTP 404); check the repository name.</source>
        <translation>%1：未找到（HTTP 404）；请检查仓库名称。</translation>
    </message>
    <message>
        <source>%1: HTTP %2 %3</source>
        <translation>%1：HTTP %2 %3</translation>
    </message>
    <message>
        <source>Cannot reach %1 (%2). Are you offline? Check the network connection; a proxy is taken from the https_proxy and http_proxy variables.</source>
        <translation>无法连接 %1（%2）。是否处于离线状态？请检查网络连接；代理取自 https_proxy 和 http_proxy 变量。</translation>
    </message>
    <message>
        <source>%1: %2; run the download again to resume it.</source>
        <translation>%1：%2；再次运行下载即可续传。</translation>
    </message>
</context>
<context>
    <name>fr2r::hub::ModelDownloader</name>
    <message>
        <source>%1 appeared during the download; the files stay in %2</source>
        <translation>下载期间出现了 %1；文件保留在 %2</translation>
    </message>
    <message>
        <source>Cannot rename %1 to %2</source>
        <translation>无法将 %1 重命名为 %2</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::AboutDialog</name>
    <message>
        <source>About FashionR2R Studio</source>
        <translation>关于 FashionR2R 工作室</translation>
    </message>
    <message>
        <source>&lt;b&gt;FashionR2R Studio %1&lt;/b&gt;&lt;br&gt;Rendered-to-real translation of fashion images with a Stable Diffusion model, a rendered-domain embedding and texture-aware attention control.&lt;br&gt;&lt;br&gt;Free software under the GNU General Public License, version 3 or later (GPL-3.0-or-later). It comes with no warranty.</source>
        <translation>&lt;b&gt;FashionR2R 工作室 %1&lt;/b&gt;&lt;br&gt;基于 Stable Diffusion 模型、渲染域嵌入和纹理感知注意力控制，将服装渲染图转换为真实照片。&lt;br&gt;&lt;br&gt;本软件为自由软件，依据 GNU 通用公共许可证第 3 版或更高版本（GPL-3.0-or-later）发布，不提供任何担保。</translation>
    </message>
    <message>
        <source>Third-party components and their licences:</source>
        <translation>第三方组件及其许可证：</translation>
    </message>
    <message>
        <source>The third-party notices are missing from this build.</source>
        <translation>此版本缺少第三方声明。</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::AppSettings</name>
    <message>
        <source>File &gt; Settings &gt; Largest image</source>
        <translation>文件 &gt; 设置 &gt; 最大图像</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::BaseModelPage</name>
    <message>
        <source>Another Stable Diffusion 1.x model:</source>
        <translation>另一个 Stable Diffusion 1.x 模型:</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>The pack is trained for one base model and used with it.</source>
        <translation>领域包为一个基础模型训练,并与它一起使用。</translation>
    </message>
    <message>
        <source>The loaded model (none is loaded)</source>
        <translation>已加载的模型(尚未加载)</translation>
    </message>
    <message>
        <source>The loaded model: %1</source>
        <translation>已加载的模型:%1</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>Choose a diffusers model folder</source>
        <translation>选择 diffusers 模型文件夹</translation>
    </message>
    <message>
        <source>Choose a checkpoint</source>
        <translation>选择检查点文件</translation>
    </message>
    <message>
        <source>Safetensors (*.safetensors)</source>
        <translation>Safetensors (*.safetensors)</translation>
    </message>
    <message>
        <source>Choose a model folder or a .safetensors file.</source>
        <translation>请选择模型文件夹或 .safetensors 文件。</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::BatchRunner</name>
    <message>
        <source>%1 was not translated: %2</source>
        <translation>%1 未能转换：%2</translation>
    </message>
    <message>
        <source>%1 could not be read and was skipped: %2</source>
        <translation>无法读取 %1，已跳过：%2</translation>
    </message>
    <message>
        <source>%1 was not written: %2</source>
        <translation>%1 未写入：%2</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::BeforeAfterView</name>
    <message>
        <source>Drag the divider (or press Left/Right) to compare; wheel zooms at the cursor, drag pans</source>
        <translation>拖动分隔线（或按左/右方向键）进行对比；滚轮以光标为中心缩放，拖动可平移</translation>
    </message>
    <message>
        <source>Choose a model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <source>Open the settings to choose the base model and the negative embedding</source>
        <translation>打开设置，选择基础模型和负向嵌入</translation>
    </message>
    <message>
        <source>Rendered</source>
        <translation>渲染图</translation>
    </message>
    <message>
        <source>|Realistic − Rendered|</source>
        <translation>|真实图 − 渲染图|</translation>
    </message>
    <message>
        <source>Drop renders here, or File &gt; Open</source>
        <translation>将渲染图拖放到这里，或使用 文件 &gt; 打开</translation>
    </message>
    <message>
        <source>Realistic</source>
        <translation>真实图</translation>
    </message>
    <message>
        <source>Realistic (previous settings)</source>
        <translation>真实图（之前的设置）</translation>
    </message>
    <message>
        <source>No model is set yet: choose one to translate.</source>
        <translation>尚未设置模型：请选择一个模型以进行转换。</translation>
    </message>
    <message>
        <source>Download Stable Diffusion 1.5…</source>
        <translation>下载 Stable Diffusion 1.5…</translation>
    </message>
    <message>
        <source>File &gt; Get the base model…: downloads the base model from the Hugging Face hub</source>
        <translation>文件 &gt; 获取基础模型…：从 Hugging Face Hub 下载基础模型</translation>
    </message>
    <message>
        <source>Preview (previous settings)</source>
        <translation>预览(之前的设置)</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::EngineController</name>
    <message>
        <source>Loading model</source>
        <translation>正在加载模型</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Inverting</source>
        <translation>反演</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Decoding</source>
        <translation>解码</translation>
    </message>
    <message>
        <source>Out of memory: lower the working size, or use fp16 on a GPU.</source>
        <translation>内存不足：请减小工作尺寸，或在 GPU 上使用 fp16。</translation>
    </message>
    <message>
        <source>An unknown error stopped the job.</source>
        <translation>未知错误导致任务中止。</translation>
    </message>
    <message>
        <source>Evaluating</source>
        <translation>评估中</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练中</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::EvaluateDialog</name>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Generated images:</source>
        <translation>生成的图像：</translation>
    </message>
    <message>
        <source>Folder of translated images</source>
        <translation>转换结果图像所在的文件夹</translation>
    </message>
    <message>
        <source>Rendered inputs:</source>
        <translation>渲染输入：</translation>
    </message>
    <message>
        <source>Folder of the rendered inputs; files pair by relative path, any image extension</source>
        <translation>渲染输入图像所在的文件夹；按相对路径配对文件，扩展名不限</translation>
    </message>
    <message>
        <source>Real photos (KID):</source>
        <translation>真实照片（KID）：</translation>
    </message>
    <message>
        <source>Folder of real photos for KID; leave empty to skip KID</source>
        <translation>用于 KID 的真实照片文件夹；留空则跳过 KID</translation>
    </message>
    <message>
        <source>LPIPS weights:</source>
        <translation>LPIPS 权重：</translation>
    </message>
    <message>
        <source>lpips_alex.safetensors (see the README, Evaluation); leave empty to skip LPIPS</source>
        <translation>lpips_alex.safetensors（参见 README 的“评估”一节）；留空则跳过 LPIPS</translation>
    </message>
    <message>
        <source>Inception weights:</source>
        <translation>Inception 权重：</translation>
    </message>
    <message>
        <source>fid_inception.safetensors (see the README, Evaluation); needed for KID</source>
        <translation>fid_inception.safetensors（参见 README 的“评估”一节）；KID 需要此文件</translation>
    </message>
    <message>
        <source>Where the metric networks run; Auto picks CUDA when a GPU is available</source>
        <translation>指标网络运行的设备；“自动”在有 GPU 时选择 CUDA</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>&amp;Evaluate</source>
        <translation>评估(&amp;E)</translation>
    </message>
    <message>
        <source>Compute SSIM, LPIPS and KID on a background thread</source>
        <translation>在后台线程中计算 SSIM、LPIPS 和 KID</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Stop the running evaluation</source>
        <translation>停止正在进行的评估</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>导出 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Save the per-image values as a CSV file</source>
        <translation>将每张图像的数值保存为 CSV 文件</translation>
    </message>
    <message>
        <source>Per-image values; the last row holds the mean and (population) standard deviation</source>
        <translation>每张图像的数值；最后一行为平均值和（总体）标准差</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>生成图</translation>
    </message>
    <message>
        <source>Rendered</source>
        <translation>渲染图</translation>
    </message>
    <message>
        <source>SSIM</source>
        <translation>SSIM</translation>
    </message>
    <message>
        <source>LPIPS</source>
        <translation>LPIPS</translation>
    </message>
    <message>
        <source>Resized</source>
        <translation>已缩放</translation>
    </message>
    <message>
        <source>Files that were not paired or could not be read, and warnings</source>
        <translation>未能配对或无法读取的文件，以及警告</translation>
    </message>
    <message>
        <source>Close the dialog; a running evaluation is cancelled</source>
        <translation>关闭对话框；正在进行的评估将被取消</translation>
    </message>
    <message>
        <source>%1: %v of %m</source>
        <translation>%1：%v / %m</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Safetensors (*.safetensors)</source>
        <translation>Safetensors (*.safetensors)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>The evaluation failed: %1</source>
        <translation>评估失败：%1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message numerus="yes">
        <source>Mean (std) of %n pair(s)</source>
        <translation>
            <numerusform>%n 对图像的平均值（标准差）</numerusform>
        </translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>KID %1 / LPIPS %2 / SSIM %3 on %4</source>
        <translation>KID %1 / LPIPS %2 / SSIM %3（%4）</translation>
    </message>
    <message>
        <source>Unpaired generated image: %1</source>
        <translation>未配对的生成图像：%1</translation>
    </message>
    <message>
        <source>Unpaired rendered image: %1</source>
        <translation>未配对的渲染图像：%1</translation>
    </message>
    <message>
        <source>Unreadable: %1 (%2)</source>
        <translation>无法读取：%1（%2）</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Nothing to export yet: run the evaluation first.</source>
        <translation>暂无可导出内容：请先运行评估。</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>The CSV was not written: %1</source>
        <translation>未能写入 CSV：%1</translation>
    </message>
    <message>
        <source>Choose the folders in Generated images and Rendered inputs.</source>
        <translation>请在“生成的图像”和“渲染输入”中选择文件夹。</translation>
    </message>
    <message>
        <source>LPIPS weights</source>
        <translation>LPIPS 权重</translation>
    </message>
    <message>
        <source>Inception weights</source>
        <translation>Inception 权重</translation>
    </message>
    <message>
        <source>choose the right file in %1</source>
        <translation>请在 %1 中选择正确的文件</translation>
    </message>
    <message>
        <source>Waiting for the running job…</source>
        <translation>正在等待当前任务…</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::ImageFolderField</name>
    <message>
        <source>This is a model folder, not a folder of images.</source>
        <translation>这是模型文件夹,不是图像文件夹。</translation>
    </message>
    <message>
        <source>This is a domain pack folder, not a folder of images.</source>
        <translation>这是领域包文件夹,不是图像文件夹。</translation>
    </message>
    <message>
        <source>Choose a folder.</source>
        <translation>请选择文件夹。</translation>
    </message>
    <message>
        <source>Not a folder.</source>
        <translation>不是文件夹。</translation>
    </message>
    <message>
        <source>The folder is empty.</source>
        <translation>文件夹是空的。</translation>
    </message>
    <message>
        <source>No images in this folder (PNG, JPEG, TIFF, WebP or BMP).</source>
        <translation>此文件夹中没有图像(PNG、JPEG、TIFF、WebP 或 BMP)。</translation>
    </message>
    <message>
        <source>Readable images: %1; at least %2 are needed.</source>
        <translation>可读图像:%1;至少需要 %2 张。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 张图像</translation>
    </message>
    <message>
        <source>%1 images</source>
        <translation>%1 张图像</translation>
    </message>
    <message>
        <source>Unreadable, skipped: %1</source>
        <translation>无法读取,已跳过:%1</translation>
    </message>
    <message>
        <source>Choose a folder of images</source>
        <translation>选择图像文件夹</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::ImageStrip</name>
    <message>
        <source>The images to translate: drop files or folders here, or use File &gt; Open</source>
        <translation>待转换的图像：将文件或文件夹拖放到这里，或使用 文件 &gt; 打开</translation>
    </message>
    <message>
        <source>Cannot list the folder %1.</source>
        <translation>无法列出文件夹 %1 的内容。</translation>
    </message>
    <message>
        <source>The folder %1 holds no supported images (PNG, JPEG, TIFF, WebP, BMP).</source>
        <translation>文件夹 %1 中没有支持的图像（PNG、JPEG、TIFF、WebP、BMP）。</translation>
    </message>
    <message>
        <source>%1 is not a supported image (PNG, JPEG, TIFF, WebP, BMP); it was not added.</source>
        <translation>%1 不是支持的图像格式（PNG、JPEG、TIFF、WebP、BMP），未添加。</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::JobStatusBar</name>
    <message>
        <source>Progress of the current job</source>
        <translation>当前任务的进度</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel all</source>
        <translation>全部取消</translation>
    </message>
    <message>
        <source>Stop the running job and drop every queued one</source>
        <translation>停止正在运行的任务并清空队列</translation>
    </message>
    <message>
        <source>Image %1 of %2</source>
        <translation>第 %1 张，共 %2 张</translation>
    </message>
    <message>
        <source>all: %1</source>
        <translation>全部：%1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>%1:%2:%3 left</source>
        <translation>剩余 %1:%2:%3</translation>
    </message>
    <message>
        <source>%1:%2 left</source>
        <translation>剩余 %1:%2</translation>
    </message>
    <message>
        <source>Stop the running job; it stops within one block of the network (Esc)</source>
        <translation>停止正在运行的任务；它会在网络的一个模块内停止（Esc）</translation>
    </message>
    <message>
        <source>%1 · %2%</source>
        <translation>%1 · %2%</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::LogDock</name>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Messages and errors of this session</source>
        <translation>本次会话的消息和错误</translation>
    </message>
    <message>
        <source>⚠ Warning: %1</source>
        <translation>⚠ 警告：%1</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::LoraListEditor</name>
    <message>
        <source>Add LoRA…</source>
        <translation>添加 LoRA…</translation>
    </message>
    <message>
        <source>Add an optional LoRA (.safetensors, kohya or PEFT layout) to merge into the model</source>
        <translation>添加一个可选的 LoRA（.safetensors，kohya 或 PEFT 格式）以合并到模型中</translation>
    </message>
    <message>
        <source>An optional LoRA (.safetensors, kohya or PEFT layout) merged into the model</source>
        <translation>可选的 LoRA（.safetensors，kohya 或 PEFT 格式），会合并到模型中</translation>
    </message>
    <message>
        <source>How strongly the LoRA is applied (1 = as trained)</source>
        <translation>LoRA 的应用强度（1 = 与训练时相同）</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Do not merge this LoRA</source>
        <translation>不合并此 LoRA</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>Weights (*.safetensors)</source>
        <translation>权重 (*.safetensors)</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::MainWindow</name>
    <message>
        <source>FashionR2R Studio</source>
        <translation>FashionR2R 工作室</translation>
    </message>
    <message>
        <source>The loaded model and where it runs; change it in Settings</source>
        <translation>已加载的模型及其运行设备；可在设置中更改</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>参数扫描</translation>
    </message>
    <message>
        <source>Model ready: %1</source>
        <translation>模型已就绪：%1</translation>
    </message>
    <message>
        <source>The translation failed.</source>
        <translation>转换失败。</translation>
    </message>
    <message>
        <source>Translation cancelled.</source>
        <translation>转换已取消。</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Translate all: %1 written, %2 not written.</source>
        <translation>全部转换：已写入 %1 张，%2 张未写入。</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <source>The saved model cannot be used: %1 Choose another in File &gt; Settings.</source>
        <translation>无法使用已保存的模型：%1 请在 文件 &gt; 设置 中另选一个。</translation>
    </message>
    <message>
        <source>loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Open images</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.tif *.tiff *.webp *.bmp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.tif *.tiff *.webp *.bmp)</translation>
    </message>
    <message>
        <source>%1 could not be read.</source>
        <translation>无法读取 %1。</translation>
    </message>
    <message>
        <source>Choose a model first: File &gt; Settings.</source>
        <translation>请先选择模型：文件 &gt; 设置。</translation>
    </message>
    <message>
        <source>Add an image first: drop it on the window or use File &gt; Open.</source>
        <translation>请先添加图像：拖放到窗口中，或使用 文件 &gt; 打开。</translation>
    </message>
    <message>
        <source>Output folder for all results</source>
        <translation>所有结果的输出文件夹</translation>
    </message>
    <message>
        <source>Save result</source>
        <translation>保存结果</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>The result could not be saved.</source>
        <translation>无法保存结果。</translation>
    </message>
    <message>
        <source>Open result</source>
        <translation>打开结果</translation>
    </message>
    <message>
        <source>Parameters restored from %1</source>
        <translation>已从 %1 恢复参数</translation>
    </message>
    <message>
        <source>No parameters could be restored from %1.</source>
        <translation>无法从 %1 恢复参数。</translation>
    </message>
    <message>
        <source>The language changes when the application is started again.</source>
        <translation>语言将在重新启动应用程序后更改。</translation>
    </message>
    <message>
        <source>The negative embedding could not be loaded: choose another in File &gt; Settings.</source>
        <translation>无法加载负向嵌入：请在 文件 &gt; 设置 中另选一个。</translation>
    </message>
    <message>
        <source>The LoRA could not be loaded: choose another in File &gt; Settings.</source>
        <translation>无法加载 LoRA：请在 文件 &gt; 设置 中另选一个。</translation>
    </message>
    <message>
        <source>The base model could not be loaded: open File &gt; Settings and check it.</source>
        <translation>无法加载基础模型：请打开 文件 &gt; 设置 进行检查。</translation>
    </message>
    <message>
        <source>%1 could not be read and was removed from the list.</source>
        <translation>无法读取 %1，已将其从列表中移除。</translation>
    </message>
    <message>
        <source>model failed to load</source>
        <translation>模型加载失败</translation>
    </message>
    <message>
        <source>The model failed to load: see the message above, or change it in File &gt; Settings.</source>
        <translation>模型加载失败：请查看上方的消息，或在 文件 &gt; 设置 中更改。</translation>
    </message>
    <message>
        <source>model not loaded</source>
        <translation>模型未加载</translation>
    </message>
    <message>
        <source>Loading the model was cancelled: choose it again in File &gt; Settings.</source>
        <translation>模型加载已取消：请在 文件 &gt; 设置 中重新选择。</translation>
    </message>
    <message>
        <source>Loading the model was cancelled.</source>
        <translation>模型加载已取消。</translation>
    </message>
    <message>
        <source>This image takes about %1 s here, so it is translated when you press Translate (or turn on Update automatically).</source>
        <translation>在本设备上转换此图像约需 %1 秒，因此会在您按下“转换”时进行（或打开“自动更新”）。</translation>
    </message>
    <message>
        <source>Nothing was translated: %1</source>
        <translation>未转换任何图像：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) share a result name with another and get a longer one (a.jpg: a.jpg.png).</source>
        <translation>
            <numerusform>%n 张图像与其他图像的结果文件名相同，已改用更长的名称（a.jpg：a.jpg.png）。</numerusform>
        </translation>
    </message>
    <message>
        <source>The new model is loaded when the running batch has finished.</source>
        <translation>新模型将在当前批量任务完成后加载。</translation>
    </message>
    <message numerus="yes">
        <source>%n files could not be read</source>
        <translation>
            <numerusform>%n 个文件无法读取</numerusform>
        </translation>
    </message>
    <message>
        <source>No model is set yet: choose the base model and the negative embedding in File &gt; Settings, or download Stable Diffusion 1.5 with File &gt; Get the base model…</source>
        <translation>尚未设置模型：请在“文件 &gt; 设置”中选择基础模型和负向嵌入，或通过“文件 &gt; 获取基础模型…”下载 Stable Diffusion 1.5</translation>
    </message>
    <message>
        <source>%1 · pack %2</source>
        <translation>%1 · 领域包 %2</translation>
    </message>
    <message>
        <source>The domain pack could not be loaded: choose another in File &gt; Settings.</source>
        <translation>无法加载领域包:请在 文件 &gt; 设置 中选择其他领域包。</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::MessageBar</name>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Open the log (View &gt; Log) with the full message</source>
        <translation>打开日志（视图 &gt; 日志）查看完整消息</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>隐藏此消息</translation>
    </message>
    <message numerus="yes">
        <source>%1 (and %n more)</source>
        <translation>
            <numerusform>%1（另有 %n 条）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fr2r::ui::ModelDownloadDialog</name>
    <message>
        <source>Get the base model</source>
        <translation>获取基础模型</translation>
    </message>
    <message>
        <source>Downloaded to %1.</source>
        <translation>已下载到 %1。</translation>
    </message>
    <message>
        <source>Cancelled. Download again into the same folder to resume.</source>
        <translation>已取消。再次下载到同一文件夹即可续传。</translation>
    </message>
    <message>
        <source>Downloads Stable Diffusion 1.5 (about 2 GB, half-precision safetensors) from the Hugging Face hub into a new folder.</source>
        <translation>从 Hugging Face Hub 下载 Stable Diffusion 1.5（约 2 GB，半精度 safetensors）到一个新文件夹。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>New folder:</source>
        <translation>新文件夹：</translation>
    </message>
    <message>
        <source>Repository:</source>
        <translation>仓库：</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>下载(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Use as the base model</source>
        <translation>用作基础模型(&amp;U)</translation>
    </message>
    <message>
        <source>Where to put the model folder</source>
        <translation>模型文件夹的位置</translation>
    </message>
    <message>
        <source>Asking the hub for the file list…</source>
        <translation>正在向 Hub 获取文件列表…</translation>
    </message>
    <message>
        <source>%1 of %2 MiB</source>
        <translation>%1 / %2 MiB</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::ParameterPanel</name>
    <message>
        <source>Denoising strength s: the share of the N steps that are inverted and regenerated (K = floor(N·s)).
Higher looks more realistic but drifts from the render&apos;s texture and details; lower keeps the render.</source>
        <translation>去噪强度 s：N 步中被反演并重新生成的比例（K = floor(N·s)）。
越高越逼真，但会偏离渲染图的纹理和细节；越低越接近渲染图。</translation>
    </message>
    <message>
        <source>TAC ratio γ: the share of the K steps whose self-attention copies the render&apos;s queries and keys.
Higher preserves the render&apos;s textures and identity; lower lets the model add realism freely.
Changing only γ reuses the cached inversion, so it is fast.</source>
        <translation>TAC 比例 γ：K 步中自注意力复制渲染图查询和键的比例。
越高越能保留渲染图的纹理和特征；越低则让模型更自由地增加真实感。
只改变 γ 会复用缓存的反演结果，因此速度很快。</translation>
    </message>
    <message>
        <source>K of N: how many of the N sampling steps this strength regenerates</source>
        <translation>K / N：在此强度下 N 个采样步中重新生成的步数</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>Gamma</source>
        <translation>Gamma</translation>
    </message>
    <message>
        <source>◀ texture</source>
        <translation>◀ 纹理</translation>
    </message>
    <message>
        <source>real ▶</source>
        <translation>真实 ▶</translation>
    </message>
    <message>
        <source>Towards the left the render&apos;s texture is kept</source>
        <translation>越往左越保留渲染图的纹理</translation>
    </message>
    <message>
        <source>Towards the right the result looks more like a photograph</source>
        <translation>越往右结果越像照片</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Steps, guidance, prompt, working size and texture-control levels</source>
        <translation>步数、引导系数、提示词、工作尺寸和纹理控制层级</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>转换</translation>
    </message>
    <message>
        <source>Translate the current image with these parameters (Ctrl+Enter)</source>
        <translation>使用这些参数转换当前图像（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>N, the sampling steps of the full schedule; only K = floor(N·s) of them run</source>
        <translation>N：完整调度的采样步数；实际只运行其中 K = floor(N·s) 步</translation>
    </message>
    <message>
        <source>Guidance w: how strongly the result is pushed away from the rendered look
(the negative embedding) towards the prompt</source>
        <translation>引导系数 w：将结果推离渲染风格（负向嵌入）
并推向提示词的力度</translation>
    </message>
    <message>
        <source>empty, as the authors ran it</source>
        <translation>留空，与论文作者的设置一致</translation>
    </message>
    <message>
        <source>Positive prompt; usually left empty</source>
        <translation>正向提示词；通常留空</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Apply texture-aware attention control at resolution level %1 (0 = finest)</source>
        <translation>在分辨率层级 %1 上应用纹理感知注意力控制（0 = 最精细）</translation>
    </message>
    <message>
        <source>Positive</source>
        <translation>正向</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>两者</translation>
    </message>
    <message>
        <source>Which generated branches take the render&apos;s queries and keys</source>
        <translation>哪些生成分支采用渲染图的查询和键</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>引导系数</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Working size</source>
        <translation>工作尺寸</translation>
    </message>
    <message>
        <source>TAC levels</source>
        <translation>TAC 层级</translation>
    </message>
    <message>
        <source>TAC branches</source>
        <translation>TAC 分支</translation>
    </message>
    <message>
        <source>%1 of %2 steps</source>
        <translation>%2 步中的 %1 步</translation>
    </message>
    <message>
        <source>Update automatically</source>
        <translation>自动更新</translation>
    </message>
    <message>
        <source>Translate again whenever the image or a parameter changes. Switched off for images that take longer than about %1 s on this device (measured on the previous run)</source>
        <translation>图像或参数改变时自动重新转换。对于在本设备上需要超过约 %1 秒的图像（按上一次运行测得）会自动关闭</translation>
    </message>
    <message>
        <source>Long side the image is processed at, never above the image&apos;s own; the other side keeps the image&apos;s aspect. Larger is slower</source>
        <translation>处理图像时的长边尺寸，不会超过图像本身的长边；另一边保持图像的宽高比。越大越慢</translation>
    </message>
    <message>
        <source>Output at the input&apos;s size</source>
        <translation>按输入图像的尺寸输出</translation>
    </message>
    <message>
        <source>Scale each result back to its render&apos;s size (otherwise it has the working size)</source>
        <translation>将每个结果缩放回其渲染图的尺寸（否则为工作尺寸）</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::PreviewPolicy</name>
    <message>
        <source>estimated %1 s at %2x%3 &gt; %4 s: preview at %5x%6 first</source>
        <translation>预计在 %2x%3 下需要 %1 秒 &gt; %4 秒:先以 %5x%6 预览</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::ProgressiveRun</name>
    <message>
        <source>Preview — the full size failed</source>
        <translation>预览 — 全尺寸运行失败</translation>
    </message>
    <message>
        <source>Preview — full size cancelled</source>
        <translation>预览 — 全尺寸已取消</translation>
    </message>
    <message>
        <source>Preview — full size running…</source>
        <translation>预览 — 全尺寸正在运行…</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>A Stable Diffusion 1.5 model: a diffusers folder (with model_index.json) or a single .safetensors checkpoint</source>
        <translation>Stable Diffusion 1.5 模型：diffusers 文件夹（含 model_index.json）或单个 .safetensors 检查点</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>Choose a diffusers model folder</source>
        <translation>选择 diffusers 模型文件夹</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>Choose a single-file .safetensors checkpoint</source>
        <translation>选择单文件 .safetensors 检查点</translation>
    </message>
    <message>
        <source>Base model folder</source>
        <translation>基础模型文件夹</translation>
    </message>
    <message>
        <source>Base model file</source>
        <translation>基础模型文件</translation>
    </message>
    <message>
        <source>Checkpoints (*.safetensors)</source>
        <translation>检查点 (*.safetensors)</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>Negative embedding</source>
        <translation>负向嵌入</translation>
    </message>
    <message>
        <source>The learned rendered-domain embedding (textual inversion .safetensors); empty means a plain empty negative prompt</source>
        <translation>学习得到的渲染域嵌入（文本反演 .safetensors）；留空表示使用空的负向提示词</translation>
    </message>
    <message>
        <source>Where the model runs; Auto picks CUDA when a GPU is available</source>
        <translation>模型运行的设备；“自动”在有 GPU 时选择 CUDA</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>The language of the application; takes effect after a restart</source>
        <translation>应用程序的语言；重新启动后生效</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Weights (*.safetensors)</source>
        <translation>权重 (*.safetensors)</translation>
    </message>
    <message>
        <source>Choose the base model: a diffusers folder or a .safetensors file.</source>
        <translation>请选择基础模型：diffusers 文件夹或 .safetensors 文件。</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 不存在。</translation>
    </message>
    <message>
        <source>This folder is not a diffusers model (no model_index.json): choose the folder that holds unet/, vae/ and text_encoder/.</source>
        <translation>此文件夹不是 diffusers 模型（没有 model_index.json）：请选择包含 unet/、vae/ 和 text_encoder/ 的文件夹。</translation>
    </message>
    <message>
        <source>Choose a file.</source>
        <translation>请选择一个文件。</translation>
    </message>
    <message>
        <source>Expected a .safetensors file.</source>
        <translation>需要 .safetensors 文件。</translation>
    </message>
    <message>
        <source>%1 cannot be read: check its permissions.</source>
        <translation>无法读取 %1：请检查其权限。</translation>
    </message>
    <message>
        <source>LoRAs (optional)</source>
        <translation>LoRA（可选）</translation>
    </message>
    <message>
        <source>Number format of the weights; Auto picks fp16 on a GPU, and bf16 on a CPU that supports it (else fp32)</source>
        <translation>权重的数值格式；“自动”在 GPU 上选择 fp16，在支持的 CPU 上选择 bf16（否则为 fp32）</translation>
    </message>
    <message>
        <source> MP</source>
        <translation> 百万像素</translation>
    </message>
    <message>
        <source>Larger images are refused before they are decoded: a 100-megapixel image needs about 1.2 GB of memory to open</source>
        <translation>更大的图像会在解码前被拒绝：打开一张 1 亿像素的图像约需 1.2 GB 内存</translation>
    </message>
    <message>
        <source>Largest image</source>
        <translation>最大图像</translation>
    </message>
    <message>
        <source>Domain pack (optional)</source>
        <translation>领域包（可选）</translation>
    </message>
    <message>
        <source>A folder written by fashionr2r-cli train (pack.json, lora.safetensors, negative_embedding.safetensors): its LoRA is applied and its embedding used unless one is chosen above</source>
        <translation>由 fashionr2r-cli train 生成的文件夹（pack.json、lora.safetensors、negative_embedding.safetensors）：应用其中的 LoRA，并使用其中的嵌入（除非上面另选了一个）</translation>
    </message>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1 不是文件夹。</translation>
    </message>
    <message>
        <source>No pack.json in %1: choose a folder written by fashionr2r-cli train.</source>
        <translation>%1 中没有 pack.json：请选择由 fashionr2r-cli train 生成的文件夹。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>A translation estimated to take longer than this runs first at the preview size and shows that result at once, then the full size (0: never)</source>
        <translation>预计耗时超过此值的转换会先以预览尺寸运行并立即显示结果,然后再运行全尺寸(0:从不)</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>The long side of the preview; the same parameters and aspect as the full run</source>
        <translation>预览的长边;参数和宽高比与全尺寸运行相同</translation>
    </message>
    <message>
        <source>Show a preview first when a run takes longer than</source>
        <translation>运行时间超过此值时先显示预览</translation>
    </message>
    <message>
        <source>Preview size (long side)</source>
        <translation>预览尺寸(长边)</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::SweepExport</name>
    <message>
        <source>An export is still running; wait for it to finish.</source>
        <translation>仍有导出正在进行，请等待其完成。</translation>
    </message>
    <message>
        <source>Could not export the sweep: %1</source>
        <translation>无法导出参数扫描：%1</translation>
    </message>
    <message>
        <source>Model: %1. </source>
        <translation>模型：%1。</translation>
    </message>
    <message>
        <source>Prompt: &quot;%1&quot;. </source>
        <translation>提示词：“%1”。</translation>
    </message>
    <message>
        <source>Denoising strength</source>
        <translation>去噪强度</translation>
    </message>
    <message>
        <source>TAC ratio γ</source>
        <translation>TAC 比例 γ</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>SSIM %1</source>
        <translation>SSIM %1</translation>
    </message>
    <message>
        <source>Image: %1. </source>
        <translation>图像：%1。</translation>
    </message>
    <message>
        <source>both branches</source>
        <translation>两个分支</translation>
    </message>
    <message>
        <source>positive branch</source>
        <translation>正向分支</translation>
    </message>
    <message>
        <source>%1 steps, CFG %2, TAC levels %3 (%4), size %5</source>
        <translation>%1 步，CFG %2，TAC 层级 %3（%4），尺寸 %5</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::SweepGridWidget</name>
    <message>
        <source>Strength × gamma sweep: click a finished cell to show it in the comparison view</source>
        <translation>强度 × gamma 扫描：点击已完成的单元格可在对比视图中显示</translation>
    </message>
    <message>
        <source>Denoising strength</source>
        <translation>去噪强度</translation>
    </message>
    <message>
        <source>TAC ratio γ</source>
        <translation>TAC 比例 γ</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Strength %1, γ %2</source>
        <translation>强度 %1，γ %2</translation>
    </message>
    <message>
        <source>, %1 %2</source>
        <translation>，%1 %2</translation>
    </message>
    <message>
        <source>Click to show it in the comparison view</source>
        <translation>点击以在对比视图中显示</translation>
    </message>
    <message>
        <source>Not generated yet</source>
        <translation>尚未生成</translation>
    </message>
    <message>
        <source>Enter strengths and gammas, then press Run to fill the grid.</source>
        <translation>输入强度和 gamma 值，然后点击运行以填充网格。</translation>
    </message>
    <message>
        <source>Enlarge the panel to see the grid.</source>
        <translation>放大面板以查看网格。</translation>
    </message>
    <message>
        <source>preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Preview: the full-size cell is on its way</source>
        <translation>预览:全尺寸单元格正在生成</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::SweepPanel</name>
    <message numerus="yes">
        <source>Saved %n file(s) next to %1.</source>
        <translation>
            <numerusform>已在 %1 旁保存 %n 个文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved the chart as %1.</source>
        <translation>图表已保存为 %1。</translation>
    </message>
    <message>
        <source>Denoising strengths, one grid row each, separated by commas (each above 0, at most 1)</source>
        <translation>去噪强度，每个值对应网格的一行，以逗号分隔（每个值大于 0 且不超过 1）</translation>
    </message>
    <message>
        <source>TAC ratios γ, one grid column each, separated by commas (0 to 1)</source>
        <translation>TAC 比例 γ，每个值对应网格的一列，以逗号分隔（0 到 1）</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>Generate every strength × γ combination for the current image (one inversion per strength)</source>
        <translation>为当前图像生成所有强度 × γ 组合（每个强度一次反演）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the sweep; finished cells stay</source>
        <translation>停止扫描；已完成的单元格会保留</translation>
    </message>
    <message>
        <source>&amp;Strengths:</source>
        <translation>强度(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Gammas:</source>
        <translation>Gamma(&amp;G)：</translation>
    </message>
    <message>
        <source>Export grid…</source>
        <translation>导出网格…</translation>
    </message>
    <message>
        <source>Save the labelled grid as one PNG with the sweep&apos;s parameters inside</source>
        <translation>将带标注的网格保存为一张包含扫描参数的 PNG</translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <source>Save the trade-off chart as a PNG</source>
        <translation>将权衡图表保存为 PNG</translation>
    </message>
    <message>
        <source>Include the input column</source>
        <translation>包含输入列</translation>
    </message>
    <message>
        <source>Show the rendered input as the first column</source>
        <translation>将输入的渲染图显示为第一列</translation>
    </message>
    <message>
        <source>SSIM under each cell</source>
        <translation>在每个单元格下显示 SSIM</translation>
    </message>
    <message>
        <source>Print each cell&apos;s SSIM to the input under it</source>
        <translation>在每个单元格下方标注其与输入的 SSIM</translation>
    </message>
    <message>
        <source>Also save each cell</source>
        <translation>同时保存每个单元格</translation>
    </message>
    <message>
        <source>Write every cell as its own PNG beside the grid</source>
        <translation>将每个单元格单独保存为 PNG，放在网格旁</translation>
    </message>
    <message>
        <source>Also save a CSV</source>
        <translation>同时保存 CSV</translation>
    </message>
    <message>
        <source>Write strength, γ and the metrics of every cell as CSV</source>
        <translation>将每个单元格的强度、γ 和指标写入 CSV</translation>
    </message>
    <message numerus="yes">
        <source>Sweep finished: %n cell(s).</source>
        <translation>
            <numerusform>扫描完成：%n 个单元格。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sweep cancelled; %n finished cell(s) kept.</source>
        <translation>
            <numerusform>扫描已取消；保留了 %n 个已完成的单元格。</numerusform>
        </translation>
    </message>
    <message>
        <source>The sweep stopped: %1</source>
        <translation>扫描已停止：%1</translation>
    </message>
    <message numerus="yes">
        <source>%1 × %2 = %n cell(s), %1 inversion(s).</source>
        <translation>
            <numerusform>%1 × %2 = %n 个单元格，%1 次反演。</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a render first: the sweep runs on the current image.</source>
        <translation>请先打开渲染图：扫描作用于当前图像。</translation>
    </message>
    <message>
        <source>Load a model first (File &gt; Model settings).</source>
        <translation>请先加载模型（文件 &gt; 模型设置）。</translation>
    </message>
    <message>
        <source>Sweeping %1…</source>
        <translation>正在扫描 %1…</translation>
    </message>
    <message>
        <source> · %1 s left</source>
        <translation> · 剩余 %1 秒</translation>
    </message>
    <message>
        <source>Nothing to export yet: run a sweep first.</source>
        <translation>暂无可导出内容：请先运行扫描。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Export sweep grid</source>
        <translation>导出扫描网格</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export trade-off chart</source>
        <translation>导出权衡图表</translation>
    </message>
    <message>
        <source>LPIPS is not shown: %1</source>
        <translation>未显示 LPIPS：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n preview cell(s) left out: export again when the sweep has finished.</source>
        <translation>
            <numerusform>%n 个预览单元格未导出:扫描完成后请再次导出。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every cell shown at the preview size; now each at full size…</source>
        <translation>所有单元格已以预览尺寸显示;现在逐个生成全尺寸…</translation>
    </message>
    <message numerus="yes">
        <source>%n cell(s) stay previews.</source>
        <translation>
            <numerusform>%n 个单元格仍为预览。</numerusform>
        </translation>
    </message>
    <message>
        <source>The preview sweep stopped: %1</source>
        <translation>预览扫描已停止:%1</translation>
    </message>
    <message>
        <source>Sweeping %1: %2.</source>
        <translation>正在扫描 %1:%2。</translation>
    </message>
    <message>
        <source>Preview: %1 %2/%3 · %4 of %5 cells</source>
        <translation>预览:%1 %2/%3 · %5 个单元格中的 %4 个</translation>
    </message>
    <message>
        <source>%1 %2/%3 · %4 of %5 cells final</source>
        <translation>%1 %2/%3 · %5 个单元格中 %4 个已完成</translation>
    </message>
    <message>
        <source>Nothing to export yet: every cell is still a preview.</source>
        <translation>暂无可导出内容:所有单元格仍为预览。</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::TradeoffChart</name>
    <message>
        <source>Which similarity to the input the chart plots</source>
        <translation>图表绘制的与输入之间的相似度指标</translation>
    </message>
    <message>
        <source>Similarity to the input against the TAC ratio γ, one line per denoising strength: higher γ keeps more texture, higher strength looks more real</source>
        <translation>与输入的相似度随 TAC 比例 γ 的变化，每条线对应一个去噪强度：γ 越高保留的纹理越多，强度越高越逼真</translation>
    </message>
    <message>
        <source>TAC ratio γ</source>
        <translation>TAC 比例 γ</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <source>%1 to the input</source>
        <translation>与输入的 %1</translation>
    </message>
    <message>
        <source>strength %1</source>
        <translation>强度 %1</translation>
    </message>
    <message>
        <source>The chart is still being saved; try again in a moment.</source>
        <translation>图表仍在保存中，请稍后再试。</translation>
    </message>
    <message>
        <source>Could not save the chart: %1</source>
        <translation>无法保存图表：%1</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::TrainDomainPackWizard</name>
    <message>
        <source>Train domain pack</source>
        <translation>训练领域包</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>The estimate failed: %1</source>
        <translation>估算失败:%1</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 s per step, about %2 for all %3 steps; memory: %4 MiB (%5) above what the application holds.</source>
        <translation>每步 %1 秒,全部 %3 步约需 %2;内存:比应用当前占用多 %4 MiB(%5)。</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>The domain pack is saved in %1. It is now the domain pack in the settings, and the main window loads the model with it.</source>
        <translation>领域包已保存在 %1。它现在是设置中的领域包,主窗口会加载带有它的模型。</translation>
    </message>
    <message>
        <source>Stop training? The last checkpoint is kept and can be resumed.</source>
        <translation>停止训练吗?最后的检查点会保留,之后可以继续。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>A domain pack is being trained. Quit and stop it? The last checkpoint is kept: Tools › Train domain pack… resumes it.</source>
        <translation>正在训练领域包。退出并停止训练吗?最后的检查点会保留:工具 › 训练领域包… 可继续训练。</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::TrainingDataPage</name>
    <message>
        <source>Resume training from its last checkpoint</source>
        <translation>从最后的检查点继续训练</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>训练图像</translation>
    </message>
    <message>
        <source>The LoRA learns your real product photos; the rendered-domain embedding learns your renders.</source>
        <translation>LoRA 学习你的真实产品照片;渲染域嵌入学习你的渲染图。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Real photos:</source>
        <translation>真实照片:</translation>
    </message>
    <message>
        <source>Renders:</source>
        <translation>渲染图:</translation>
    </message>
    <message>
        <source>Pack folder:</source>
        <translation>领域包文件夹:</translation>
    </message>
    <message>
        <source>Choose a new or empty folder for the pack.</source>
        <translation>请为领域包选择一个新的或空的文件夹。</translation>
    </message>
    <message>
        <source>The pack folder must not be inside an image folder, nor hold one.</source>
        <translation>领域包文件夹不能位于图像文件夹内,也不能包含图像文件夹。</translation>
    </message>
    <message>
        <source>Not a folder.</source>
        <translation>不是文件夹。</translation>
    </message>
    <message>
        <source>This folder holds a finished domain pack: choose another one.</source>
        <translation>此文件夹已包含一个完成的领域包:请选择其他文件夹。</translation>
    </message>
    <message>
        <source>The folder is not empty: choose a new or empty one.</source>
        <translation>文件夹不是空的:请选择新的或空的文件夹。</translation>
    </message>
    <message>
        <source>Choose the pack folder</source>
        <translation>选择领域包文件夹</translation>
    </message>
    <message>
        <source>The renders must be another folder than the real photos.</source>
        <translation>渲染图必须位于与真实照片不同的文件夹中。</translation>
    </message>
    <message>
        <source>This folder holds the checkpoint of an earlier run.</source>
        <translation>此文件夹包含之前一次运行的检查点。</translation>
    </message>
    <message>
        <source>This folder holds the checkpoint of an earlier run: resume it or choose another folder.</source>
        <translation>此文件夹包含之前一次运行的检查点:请继续训练或选择其他文件夹。</translation>
    </message>
    <message>
        <source>The pack is written here.</source>
        <translation>领域包将写入此处。</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::TrainingLossChart</name>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>LoRA (real photos)</source>
        <translation>LoRA(真实照片)</translation>
    </message>
    <message>
        <source>Embedding (renders)</source>
        <translation>嵌入(渲染图)</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::TrainingResultPage</name>
    <message>
        <source>Domain pack ready</source>
        <translation>领域包已就绪</translation>
    </message>
    <message>
        <source>Training did not finish</source>
        <translation>训练未完成</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::TrainingRunPage</name>
    <message>
        <source>Reading the images…</source>
        <translation>正在读取图像…</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel training</source>
        <translation>取消训练</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Translations asked for meanwhile wait until training ends.</source>
        <translation>训练期间请求的转换会等到训练结束后再运行。</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>Cancelling… (the last checkpoint is kept)</source>
        <translation>正在取消…(最后的检查点会保留)</translation>
    </message>
    <message>
        <source>no preview</source>
        <translation>无预览</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Training was cancelled. The last checkpoint is kept: open the wizard again with the same pack folder to resume it.</source>
        <translation>训练已取消。最后的检查点已保留:用同一个领域包文件夹再次打开向导即可继续。</translation>
    </message>
    <message>
        <source>LoRA step %1 of %2, loss %3</source>
        <translation>LoRA 第 %1 步,共 %2 步,损失 %3</translation>
    </message>
    <message>
        <source>Embedding step %1 of %2, loss %3</source>
        <translation>嵌入第 %1 步,共 %2 步,损失 %3</translation>
    </message>
    <message>
        <source>%1 steps/s · %2</source>
        <translation>%1 步/秒 · %2</translation>
    </message>
    <message>
        <source>After (LoRA step %1)</source>
        <translation>之后(LoRA 第 %1 步)</translation>
    </message>
    <message>
        <source>After (embedding step %1)</source>
        <translation>之后(嵌入第 %1 步)</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Paused after the current step</source>
        <translation>当前步骤完成后暂停</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::TrainingSettingsPage</name>
    <message>
        <source>Encode every image once (faster steps)</source>
        <translation>每张图像只编码一次(步骤更快)</translation>
    </message>
    <message>
        <source>Gradient checkpointing (less memory, slower steps)</source>
        <translation>梯度检查点(内存更少,步骤更慢)</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>The defaults follow diffusers&apos; LoRA and textual-inversion scripts; lower the resolution or the batch when memory runs out.</source>
        <translation>默认值遵循 diffusers 的 LoRA 和文本反演脚本;内存不足时请降低分辨率或批大小。</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>no preview</source>
        <translation>无预览</translation>
    </message>
    <message>
        <source>The VAE is frozen: the latents of every image and of its mirror image are computed before the first step and kept in memory</source>
        <translation>VAE 是冻结的:每张图像及其镜像的潜变量会在第一步之前计算并保存在内存中</translation>
    </message>
    <message>
        <source>Recomputes each UNet block&apos;s activations during the backward pass instead of keeping them: for larger resolutions or batches</source>
        <translation>在反向传播时重新计算每个 UNet 块的激活,而不是保存它们:适用于更高的分辨率或更大的批</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>A render translated with the weights trained so far, every few steps, with the main window&apos;s parameters</source>
        <translation>用目前训练出的权重、按主窗口的参数,每隔几步转换的一张渲染图</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>LoRA steps:</source>
        <translation>LoRA 步数:</translation>
    </message>
    <message>
        <source>Embedding steps:</source>
        <translation>嵌入步数:</translation>
    </message>
    <message>
        <source>LoRA rank:</source>
        <translation>LoRA 秩:</translation>
    </message>
    <message>
        <source>Token vectors:</source>
        <translation>词元向量数:</translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation>分辨率:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批大小:</translation>
    </message>
    <message>
        <source>LoRA learning rate:</source>
        <translation>LoRA 学习率:</translation>
    </message>
    <message>
        <source>Embedding learning rate:</source>
        <translation>嵌入学习率:</translation>
    </message>
    <message>
        <source>Checkpoint every (steps):</source>
        <translation>检查点间隔(步):</translation>
    </message>
    <message>
        <source>Latents:</source>
        <translation>潜变量:</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>内存:</translation>
    </message>
    <message>
        <source>Preview render:</source>
        <translation>预览渲染图:</translation>
    </message>
    <message>
        <source>Preview every (steps):</source>
        <translation>预览间隔(步):</translation>
    </message>
    <message>
        <source>Measuring one training step… (it waits for a running translation)</source>
        <translation>正在测量一个训练步骤…(它会等待正在运行的转换)</translation>
    </message>
    <message>
        <source>Choose the preview render</source>
        <translation>选择预览渲染图</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.tif *.tiff *.webp *.bmp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.tif *.tiff *.webp *.bmp)</translation>
    </message>
</context>
<context>
    <name>fr2r::ui::ViewToolBar</name>
    <message>
        <source>Slider</source>
        <translation>滑块</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>并排</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Show the comparison as: %1</source>
        <translation>对比显示方式：%1</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Fit the image in the view (Ctrl+0)</source>
        <translation>使图像适应视图（Ctrl+0）</translation>
    </message>
    <message>
        <source>100%</source>
        <translation>100%</translation>
    </message>
    <message>
        <source>One image pixel per screen pixel (Ctrl+1)</source>
        <translation>一个图像像素对应一个屏幕像素（Ctrl+1）</translation>
    </message>
    <message>
        <source>Zoom relative to the screen&apos;s pixels</source>
        <translation>相对于屏幕像素的缩放比例</translation>
    </message>
    <message>
        <source>zoom %1%</source>
        <translation>缩放 %1%</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Rendered-to-real translation of fashion images.</source>
        <translation>将服装渲染图转换为真实照片。</translation>
    </message>
    <message>
        <source>Images or folders to open.</source>
        <translation>要打开的图像或文件夹。</translation>
    </message>
    <message>
        <source>Check the installation without showing a window.</source>
        <translation>不显示窗口，检查安装是否完整。</translation>
    </message>
</context>
</TS>
