"""Most of rillet's components on one page (docs/components.md)."""

import rillet as gr

with gr.Blocks(title="Components") as demo:
    with gr.Sidebar():
        gr.Markdown("## Filters")
        colour = gr.ColorPicker("#f97316", label="Accent")
        when = gr.DateTime("now", label="Since", include_time=False)
    with gr.Row():
        fruit = gr.CheckboxGroup(["apple", "pear", "plum"], value=["pear"], label="Fruit")
        files = gr.File(file_count="multiple", file_types=[".txt", ".csv"], label="Data")
    with gr.Accordion("More", open=False):
        gr.HighlightedText(
            [("rillet", "library"), (" streams ", None), ("Gradio", "library")],
            label="Entities",
        )
    code = gr.Code("print('hello')", language="python", label="Code")
    gallery = gr.Gallery(label="Pictures", columns=3)
    clear = gr.ClearButton([fruit, files, code], value="Clear")

    def pictures(fruit):
        for name in fruit:
            yield [gr.get_image("lion.jpg")] * len(name)  # a gallery that grows

    fruit.change(pictures, fruit, gallery)

demo.launch()
